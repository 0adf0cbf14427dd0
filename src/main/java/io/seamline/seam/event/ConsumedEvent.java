package io.seamline.seam.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.seamline.platform.EventJson;

import java.time.Instant;

/**
 * An event as a projection receives it: the envelope, its payload decoded, where it was read from, and when the
 * broker took the record (its Kafka timestamp; null when not read from Kafka), so a read model can measure how
 * long an event took from Kafka to being visible in it.
 */
public record ConsumedEvent(EventEnvelope envelope, Object event, int partition, long offset, Instant publishedAt) {

    /** Not read from a partition: an event replayed from the event store ({@link #fromStore}). */
    public static final int NO_PARTITION = -1;

    /**
     * An event read from the event store rather than Kafka, decoded as a consumer decodes it: a read model applying it
     * folds it like any other, but its stored Kafka position does not move ({@link StoredPosition#after}).
     */
    public static ConsumedEvent fromStore(EventEnvelope envelope) {
        Class<?> type = EventTypes.byName(envelope.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + envelope.type()));
        try {
            return new ConsumedEvent(envelope, EventJson.mapper().treeToValue(envelope.payload(), type), NO_PARTITION,
                    -1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + envelope.eventId() + " does not decode", e);
        }
    }

    /** Whether it was read from Kafka (and so moves a stored position). */
    public boolean fromKafka() {
        return partition != NO_PARTITION;
    }

    /** An event whose Kafka timestamp is unknown (a test, a replay from the event store). */
    public ConsumedEvent(EventEnvelope envelope, Object event, int partition, long offset) {
        this(envelope, event, partition, offset, null);
    }
}
