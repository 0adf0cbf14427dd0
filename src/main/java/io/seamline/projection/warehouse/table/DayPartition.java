package io.seamline.projection.warehouse.table;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A partition that holds one day, such as {@code order_date=2026-11-23}: the name before {@code =} ends in
 * {@code _date} and the value is an ISO date. Readers skip the files of days a read cannot match.
 */
public record DayPartition(String key, LocalDate day) {

    /** The day partition {@code partition} names, or empty if it is not one (a bucket, an unpartitioned file). */
    public static Optional<DayPartition> parse(String partition) {
        int equals = partition.indexOf('=');
        if (equals < 0 || !partition.substring(0, equals).endsWith("_date")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DayPartition(partition.substring(0, equals),
                    LocalDate.parse(partition.substring(equals + 1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
