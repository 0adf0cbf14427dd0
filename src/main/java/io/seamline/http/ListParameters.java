package io.seamline.http;

import io.seamline.domain.RuleViolation;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The list endpoints' query parameters, from the strings a caller sent to the values a list takes; each refusal is a
 * 400 naming the parameter. A parameter a list does not know is refused too: a misspelt filter ({@code categroy=})
 * silently ignored would answer with rows the caller meant to exclude.
 */
final class ListParameters {

    /** The rows a list page holds unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 20;
    /** The most rows a list page may hold. */
    static final int MAX_LIMIT = 100;

    private ListParameters() {
    }

    /** Refuses any query parameter not in {@code known}, naming it and the known ones. */
    static void requireKnown(UriInfo uri, Set<String> known) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!known.contains(name)) {
                throw new RuleViolation("unknown-parameter", name, "unknown query parameter " + name
                        + "; this call takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** A page size from 1 to {@link #MAX_LIMIT}; blank is {@link #DEFAULT_LIMIT}. */
    static int limit(String raw) {
        return blank(raw) ? DEFAULT_LIMIT : (int) QueryNumbers.parse("limit", raw, 1, MAX_LIMIT);
    }

    /** An ISO-8601 instant, or null when blank. */
    static Instant instant(String field, String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new RuleViolation("invalid-parameter", field, field + " must be an ISO-8601 instant (e.g. "
                    + "2026-11-23T10:15:30Z), got " + raw);
        }
    }

    /** Text of at most {@code max} characters, or null when blank. */
    static String text(String field, String raw, int max) {
        return blank(raw) ? null : RequestLimits.text(field, raw.trim(), max);
    }

    /** One of {@code allowed} (case-insensitively, answered in its allowed spelling), or null when blank. */
    static String oneOf(String field, String raw, Set<String> allowed) {
        if (blank(raw)) {
            return null;
        }
        return allowed.stream().filter(value -> value.equalsIgnoreCase(raw.trim())).findFirst()
                .orElseThrow(() -> new RuleViolation("invalid-parameter", field, field + " must be one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ", got " + raw));
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
