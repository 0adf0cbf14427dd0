package io.seamline.projection.warehouse.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.seamline.platform.EventJson;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;

import java.io.UncheckedIOException;
import java.time.Instant;

/** What silver reads from a bronze row: an event's identity, its place in the log, and its JSON payload. */
public record BronzeEvent(String eventId, String type, int schemaVersion, String aggregateType, String aggregateId,
                          long sequence, long globalIndex, Instant eventTime, String payload) {

    /**
     * Per event class, its current version and a reader bound to it, looked up once rather than per row: a refold
     * decodes every event bronze holds.
     */
    private static final ClassValue<Decoder> DECODERS = new ClassValue<>() {
        @Override
        protected Decoder computeValue(Class<?> eventClass) {
            return new Decoder(EventTypes.version(eventClass), EventJson.mapper().readerFor(eventClass));
        }
    };

    private record Decoder(int version, ObjectReader reader) {
    }

    /** The event's identity and place in the log as an envelope, without its payload: what the seam's observers read. */
    public EventEnvelope identity() {
        return new EventEnvelope(eventId, type, schemaVersion, aggregateType, aggregateId, sequence, globalIndex, eventTime,
                null, null);
    }

    /** The bronze view of an envelope as it travels on Kafka. */
    public static BronzeEvent of(EventEnvelope envelope) {
        try {
            return new BronzeEvent(envelope.eventId(), envelope.type(), envelope.schemaVersion(), envelope.aggregateType(),
                    envelope.aggregateId(), envelope.sequence(), envelope.globalIndex(), envelope.timestamp(),
                    EventJson.mapper().writeValueAsString(envelope.payload()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The typed event. Bronze keeps the payload the relay sent, which is already upcast to the current
     * version, so any other version means the row cannot be read faithfully and is refused.
     */
    public Object decode() {
        Class<?> eventClass = EventTypes.byName(type).orElseThrow(() -> new IllegalArgumentException(
                "event " + eventId + " has the unknown type " + type));
        Decoder decoder = DECODERS.get(eventClass);
        if (schemaVersion != decoder.version()) {
            throw new IllegalArgumentException("event " + eventId + " is " + type + " v" + schemaVersion
                    + ", silver reads v" + decoder.version());
        }
        try {
            return decoder.reader().readValue(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + eventId + " (" + type + " v" + schemaVersion
                    + ") does not decode: " + e.getOriginalMessage(), e);
        }
    }
}
