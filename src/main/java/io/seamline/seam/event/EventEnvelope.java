package io.seamline.seam.event;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.platform.EventJson;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;

/**
 * What travels on the Kafka topic: one event with its identity and position in the log. Consumers are
 * idempotent on {@code (aggregateId, sequence)}; {@code globalIndex} is the watermark they record. {@code
 * schemaVersion} is the version of the payload's shape (eventstore/events/&lt;type&gt;.v&lt;n&gt;.json); records
 * relayed before it was named so call it {@code version}, and readers take either.
 */
public record EventEnvelope(String eventId, String type, @JsonAlias("version") int schemaVersion,
                            String aggregateType, String aggregateId, long sequence, long globalIndex,
                            Instant timestamp, String correlationId, JsonNode payload) {

    /** Kafka header names; the same ids as in the value, so a consumer can route without parsing it. */
    public static final String HEADER_EVENT_ID = "seamline-event-id";
    public static final String HEADER_TYPE = "seamline-type";
    public static final String HEADER_SCHEMA_VERSION = "seamline-schema-version";
    public static final String HEADER_AGGREGATE_ID = "seamline-aggregate-id";
    public static final String HEADER_SEQUENCE = "seamline-sequence";
    public static final String HEADER_GLOBAL_INDEX = "seamline-global-index";
    public static final String HEADER_CORRELATION_ID = "seamline-correlation-id";

    /** The envelope of a stored event at its position in the log (payload already upcast to its latest version). */
    public static EventEnvelope of(DomainEventMessage<?> event, long globalIndex) {
        Object correlation = event.getMetaData().get("correlationId");
        return of(event, globalIndex, correlation == null ? null : correlation.toString(),
                EventJson.mapper().valueToTree(event.getPayload()));
    }

    /**
     * As {@link #of(DomainEventMessage, long)}, with the correlation id (the event's own id when null) and the
     * payload's JSON already at hand.
     */
    public static EventEnvelope of(DomainEventMessage<?> event, long globalIndex, String correlationId,
                                   JsonNode payload) {
        Class<?> type = event.getPayloadType();
        return new EventEnvelope(event.getIdentifier(), EventTypes.typeName(type), EventTypes.version(type),
                EventTypes.aggregateType(type), event.getAggregateIdentifier(), event.getSequenceNumber(), globalIndex,
                event.getTimestamp(), correlationId == null ? event.getIdentifier() : correlationId, payload);
    }
}
