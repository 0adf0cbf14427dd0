package io.seamline.domain;

/**
 * The text every store can hold, checked by the aggregates on each field they append, so no entry point (REST,
 * GraphQL, the demo seeder, an import) lets through what a read model would then fail on for ever: no NUL or other
 * control character (PostgreSQL's text and jsonb refuse NUL), only a tab or line break where a field is multi-line,
 * no lone surrogate (not Unicode, so not UTF-8), and no more characters than the column that keeps the field.
 */
public final class Text {

    /** Aggregate ids: the row store's {@code id VARCHAR(64)}. */
    public static final int ID = 64;
    /** The row store's {@code rowstore_product.sku VARCHAR(64)}. */
    public static final int SKU = 64;
    /** The row store's {@code rowstore_product.title VARCHAR(500)}; order lines copy the title. */
    public static final int TITLE = 500;
    /** The row store's {@code rowstore_product.category VARCHAR(500)}. */
    public static final int CATEGORY = 500;
    /** The row store's {@code rowstore_order.customer_id VARCHAR(64)}. */
    public static final int CUSTOMER_ID = 64;

    private Text() {
    }

    /** A single-line field that must be present: not blank, at most {@code max} characters. */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new RuleViolation("required", field, field + " is required");
        }
        return singleLine(field, value, max);
    }

    /** An optional single-line field (null passes): no control character at all, at most {@code max} characters. */
    public static String singleLine(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new RuleViolation("too-long", field, field + " is longer than " + max + " characters");
        }
        check(field, value, false);
        return value;
    }

    /** An optional multi-line field (null passes): tab, line feed and carriage return are its only control characters. */
    public static String multiLine(String field, String value) {
        check(field, value, true);
        return value;
    }

    private static void check(String field, String value, boolean multiLine) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one code point outside the BMP, which every store holds
            } else if (Character.isSurrogate(c)) {
                throw new RuleViolation("invalid-text", field, field + " has a lone surrogate " + codePoint(c)
                        + " at index " + i + ": not Unicode text");
            } else if (Character.getType(c) == Character.CONTROL && !(multiLine && lineSpacing(c))) {
                throw new RuleViolation("control-character", field, field + " contains the control character "
                        + codePoint(c) + " at index " + i
                        + (multiLine ? " (tab and line breaks are the only ones allowed)" : " (it is single-line)"));
            }
        }
    }

    private static boolean lineSpacing(char c) {
        return c == '\t' || c == '\n' || c == '\r';
    }

    private static String codePoint(char c) {
        return "U+%04X".formatted((int) c);
    }
}
