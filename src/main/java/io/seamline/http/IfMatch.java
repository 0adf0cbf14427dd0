package io.seamline.http;

import io.seamline.domain.RuleViolation;

/** Parses {@code If-Match: <version>} (quoted or not) for optimistic concurrency; absent means "any version". */
final class IfMatch {
    private IfMatch() {
    }

    static Long version(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String raw = header.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            long version = Long.parseLong(raw);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new RuleViolation("if-match-invalid", "If-Match", "If-Match must be a version number, got " + header);
        }
    }
}
