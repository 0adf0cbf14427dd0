package io.seamline.projection.warehouse.sql;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DuckDB error message as a caller may see it: the statement of the error without DuckDB's excerpt of the query
 * text ({@code LINE 1: ...}) or its tuning advice, and with local file paths replaced by {@code <path>}. Where the
 * error points into the caller's statement, the place is given as a line and column of the text the caller sent,
 * never of the text this service wrapped it in.
 */
final class ErrorText {

    // two or more path segments after a slash that does not continue a word, a number or a URL ("https://...")
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/-])(?:/[\\w.@+~-]+){2,}/?");
    // DuckDB's excerpt of the statement: "LINE 2: select nope from t", then a line of spaces and carets under it
    private static final Pattern EXCERPT = Pattern.compile("^(LINE (\\d+): )(.*)\\R( *)\\^", Pattern.MULTILINE);
    private static final String ELLIPSIS = "...";

    private ErrorText() {
    }

    static String of(String message) {
        if (message == null || message.isBlank()) {
            return "the statement failed";
        }
        StringBuilder kept = new StringBuilder();
        for (String line : message.strip().split("\\R")) {
            if (line.isBlank() || line.startsWith("LINE ")) {
                break;
            }
            kept.append(kept.isEmpty() ? "" : " ").append(line.strip());
        }
        return PATH.matcher(kept).replaceAll("<path>");
    }

    /**
     * {@link #of(String)} for an error DuckDB raised on a text that holds the caller's {@code statement} after
     * {@code linesBefore} lines of its own: the place DuckDB's excerpt points at, as a line and column of
     * {@code statement}, when it lies in the caller's text.
     */
    static String of(String message, String statement, int linesBefore) {
        return of(message) + place(message, statement, linesBefore).map(at -> " (" + at + ")").orElse("");
    }

    /** "line L, column C" (both from 1) of the character at {@code offset} (from 0) in {@code text}. */
    static String position(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    private static Optional<String> place(String message, String statement, int linesBefore) {
        Matcher excerpt = message == null ? null : EXCERPT.matcher(message);
        if (excerpt == null || !excerpt.find()) {
            return Optional.empty();
        }
        String[] lines = statement.split("\\R", -1);
        int line = Integer.parseInt(excerpt.group(2)) - linesBefore;
        if (line < 1 || line > lines.length) {
            return Optional.empty(); // the error is in what the service added, not in the caller's text
        }
        String shown = excerpt.group(3);
        int caret = excerpt.group(4).length() - excerpt.group(1).length();
        if (caret < 0) {
            return Optional.empty();
        }
        int column = caret;
        if (shown.startsWith(ELLIPSIS)) {
            // a long line is shown as a window around the error: find the window in the caller's line
            String window = shown.substring(ELLIPSIS.length());
            if (window.endsWith(ELLIPSIS)) {
                window = window.substring(0, window.length() - ELLIPSIS.length());
            }
            int start = lines[line - 1].indexOf(window);
            if (start < 0) {
                return Optional.empty();
            }
            column = start + caret - ELLIPSIS.length();
        }
        return Optional.of("line " + line + ", column " + (column + 1));
    }
}
