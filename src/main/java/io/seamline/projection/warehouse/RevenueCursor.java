package io.seamline.projection.warehouse;

import java.time.LocalDate;
import java.util.Comparator;

/**
 * Where a dashboard page ended: the table version it read (the next page reads the same one, so a walk never mixes
 * versions) and the key of its last row; rows come in the order of {@link #ORDER}.
 */
public record RevenueCursor(long version, LocalDate day, String category, String currency) {

    /** The order of dashboard rows: day, then category (no category first), then currency. */
    public static final Comparator<RevenueCursor> ORDER = Comparator.comparing(RevenueCursor::day)
            .thenComparing(RevenueCursor::category, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(RevenueCursor::currency, Comparator.nullsFirst(Comparator.naturalOrder()));
}
