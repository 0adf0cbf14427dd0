package io.seamline.http;

import io.seamline.domain.RuleViolation;
import io.seamline.domain.Text;

import java.util.Map;

/**
 * Bounds on every input, so no request can grow a row or an event without limit. The same numbers are in
 * README.md (Limits); the HTTP body itself is capped by {@code quarkus.http.limits.max-body-size}. Where a store's
 * column sets the bound, the aggregates check it too ({@link Text}), so the number lives there.
 */
final class RequestLimits {
    public static final int SKU = Text.SKU;
    public static final int TITLE = Text.TITLE;
    public static final int DESCRIPTION = 10_000;
    public static final int CATEGORY = Text.CATEGORY;
    public static final int ATTRIBUTES = 50;
    public static final int ATTRIBUTE_KEY = 64;
    public static final int ATTRIBUTE_VALUE = 500;
    public static final int CUSTOMER_ID = Text.CUSTOMER_ID;
    public static final int ORDER_LINES = 100;
    public static final int QUANTITY = 10_000;
    /** A search query: longer than any title, so pasting one is fine; longer still is not a shopper typing. */
    public static final int SEARCH_QUERY = 512;
    public static final int SEARCH_RESULTS = 100;
    public static final int REASON = 500;
    public static final int EVENTS_PAGE = 1_000;
    /** The most log events one filtered page of /api/events looks at, however few of them match. */
    public static final int EVENTS_EXAMINED = 10_000;
    /** An aggregate id to filter by: the event store's column is this wide. */
    public static final int AGGREGATE_ID = 255;

    private RequestLimits() {
    }

    public static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new RuleViolation("too-long", field, field + " is longer than " + max + " characters");
        }
        return value;
    }

    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new RuleViolation("required", field, field + " is required");
        }
        return text(field, value, max);
    }

    public static Map<String, String> attributes(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        if (attributes.size() > ATTRIBUTES) {
            throw new RuleViolation("too-many", "attributes", "at most " + ATTRIBUTES + " attributes");
        }
        attributes.forEach((k, v) -> {
            text("attributes." + k, k, ATTRIBUTE_KEY);
            if (v == null) {
                throw new RuleViolation("required", "attributes." + k, "attribute values cannot be null");
            }
            text("attributes." + k, v, ATTRIBUTE_VALUE);
        });
        return attributes;
    }
}
