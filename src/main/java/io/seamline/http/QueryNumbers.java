package io.seamline.http;

import io.seamline.domain.RuleViolation;

/** Whole-number query parameters, refused with a problem naming the parameter when malformed or out of range. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    static long parse(String field, String raw, long min, long max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RuleViolation("out-of-range", field, field + " must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? "" : " to " + max) + ", got " + raw);
        }
    }
}
