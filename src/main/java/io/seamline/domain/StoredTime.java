package io.seamline.domain;

import java.time.Instant;

/**
 * The times every store and the event contract keep: the years 1 to 9999. The contract writes an instant with a
 * four-digit year (OrderPlaced's {@code placedAt}); Arrow's microsecond timestamps, DuckDB and PostgreSQL hold more,
 * but a time past them (an {@code Instant.MAX}) fails every one.
 */
public final class StoredTime {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private StoredTime() {
    }

    /** Whether {@code time} lies in the years 1 to 9999. */
    public static boolean holds(Instant time) {
        return !time.isBefore(EARLIEST) && time.isBefore(LATEST);
    }
}
