package io.seamline.projection.warehouse;

import java.time.Instant;

/** One row of {@code bronze.events}: the event, where Kafka had it, and when the warehouse landed it. */
record BronzeRecord(BronzeEvent event, int kafkaPartition, long kafkaOffset, String correlationId,
                    Instant ingestedAt) {
}
