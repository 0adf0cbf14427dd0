package io.seamline.projection.warehouse.sql;

import java.util.regex.Pattern;

/**
 * A DuckDB error message as a caller may see it: the statement of the error without DuckDB's excerpt of the query
 * text ({@code LINE 1: ...}) or its tuning advice, and with local file paths replaced by {@code <path>}.
 */
final class ErrorText {

    // two or more path segments after a slash that does not continue a word, a number or a URL ("https://...")
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/-])(?:/[\\w.@+~-]+){2,}/?");

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
}
