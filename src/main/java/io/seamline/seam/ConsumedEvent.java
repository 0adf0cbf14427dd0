package io.seamline.seam;

import java.time.Instant;

/**
 * An event as a projection receives it: the envelope, its payload decoded, where it was read from, and when the
 * broker took the record (its Kafka timestamp; null when not read from Kafka), so a read model can measure how
 * long an event took from Kafka to being visible in it.
 */
public record ConsumedEvent(EventEnvelope envelope, Object event, int partition, long offset, Instant publishedAt) {

    /** An event whose Kafka timestamp is unknown (a test, a replay from the event store). */
    public ConsumedEvent(EventEnvelope envelope, Object event, int partition, long offset) {
        this(envelope, event, partition, offset, null);
    }
}
