package io.seamline.projection.warehouse.lineage;

/**
 * One event as a layer that holds whole events (the event store, bronze) has it: its identity, its place in the log
 * and on Kafka (partition and offset -1 when read from the event store), and its decoded payload.
 */
record LoggedEvent(String eventId, String type, String aggregateId, long sequence, long globalIndex,
                   String correlationId, int kafkaPartition, long kafkaOffset, Object event) {
}
