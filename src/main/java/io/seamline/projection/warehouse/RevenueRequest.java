package io.seamline.projection.warehouse;

import java.time.LocalDate;

/**
 * What a dashboard read asks for: the version ({@code asOf}), the days [first, last] (null: open), the categories at or
 * below {@code categoryPrefix} by whole levels (null: every one), rolled up to their first {@code level} levels (null:
 * as the view holds them), at most {@code limit} rows after {@code after} (null: from the start).
 */
public record RevenueRequest(AsOf asOf, LocalDate first, LocalDate last, String categoryPrefix, Integer level,
                             int limit, RevenueCursor after) {

    /** The rows a page holds unless the caller says otherwise. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most rows a page may hold. */
    public static final int MAX_LIMIT = 1_000;
    /** The deepest roll-up a caller may ask for: deeper than any category path the catalogue holds. */
    public static final int MAX_LEVEL = 20;

    /** Every row of the current version, as the view holds them, at most {@link #DEFAULT_LIMIT}. */
    public static RevenueRequest all() {
        return new RevenueRequest(AsOf.CURRENT, null, null, null, null, DEFAULT_LIMIT, null);
    }
}
