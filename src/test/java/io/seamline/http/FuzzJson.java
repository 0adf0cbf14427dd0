package io.seamline.http;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes the fuzzer's bodies as JSON text by hand, so a body can hold what no JSON library would write: a lone
 * surrogate as a {@code \ud800} escape, a NUL, a number such as {@code 1e400}, or a text that is not JSON at all.
 */
final class FuzzJson {

    /** A number written exactly as its text, e.g. {@code 1e400} or {@code -0}. */
    record RawNumber(String text) {
    }

    /** A body that is not JSON, sent as it is. */
    record NotJson(String text) {
    }

    private FuzzJson() {
    }

    static String write(Object value) {
        if (value instanceof NotJson notJson) {
            return notJson.text();
        }
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> string(out, text);
            case RawNumber number -> out.append(number.text());
            case BigDecimal decimal -> out.append(decimal.toPlainString());
            case Number number -> out.append(number);
            case Boolean bool -> out.append(bool);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    append(out, entry.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON for " + value.getClass());
        }
    }

    /** Every control character and every surrogate escaped, so a lone one reaches the parser intact. */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
