package io.seamline.http;

import io.seamline.domain.RuleViolation;

/**
 * A client's idempotency key for one command: 1 to {@value #MAX_LENGTH} printable ASCII characters, from the
 * {@value #HEADER} header or the GraphQL argument {@code idempotencyKey}. {@code field} names where it came from.
 */
record IdempotencyKey(String value, String field) {

    static final String HEADER = "Idempotency-Key";
    /** Set on an answer given again from the key store rather than by handling the command. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String GRAPHQL_ARGUMENT = "idempotencyKey";
    static final int MAX_LENGTH = 255;

    /** The key in {@code raw}, or null when the client sent none (the command is then not deduplicated). */
    static IdempotencyKey parse(String raw, String field) {
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
            throw invalid(field, "an idempotency key is 1 to " + MAX_LENGTH + " characters, got " + raw.length());
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw invalid(field, "an idempotency key is printable ASCII; character " + i + " is not");
            }
        }
        if (raw.isBlank()) {
            throw invalid(field, "an idempotency key cannot be blank");
        }
        return new IdempotencyKey(raw, field);
    }

    private static RuleViolation invalid(String field, String detail) {
        return new RuleViolation("idempotency-key-invalid", field, detail);
    }

    /** The same key with a different request: a client bug (a reused key), never a retry. */
    RuleViolation reused() {
        return new RuleViolation("idempotency-key-reused", field, "idempotency key '" + value
                + "' was used for a different request (idempotency-key-reused): a new request needs a new key");
    }
}
