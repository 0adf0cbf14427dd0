package io.seamline.projection.warehouse.bronze;

import java.time.Instant;

/** One row of {@code bronze.quarantine}: a record the landing refused, why, and the record itself. */
public record QuarantinedRecord(int kafkaPartition, long kafkaOffset, String eventId, String type, String reason,
                                String record, Instant quarantinedAt) {
}
