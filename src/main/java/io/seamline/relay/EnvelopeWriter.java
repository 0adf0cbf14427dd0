package io.seamline.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.seamline.platform.EventJson;
import io.seamline.seam.event.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stored event into the Kafka record of the topic's contract: key = aggregate id, value = envelope.
 * The relay's hot path: payload and metadata are taken as the stored JSON bytes and never bound to objects
 * (the payload goes into the envelope as raw JSON, the correlation id is scanned out of the metadata).
 */
final class EnvelopeWriter {
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final String CORRELATION_ID = "correlationId";

    private EnvelopeWriter() {
    }

    /** The envelope of a stored event, its payload in the stored (upcast) JSON form. */
    static EventEnvelope envelope(DomainEventMessage<?> event, TrackedEventMessage<?> tracked, Serializer serializer) {
        byte[] payload = event.serializePayload(serializer, byte[].class).getData();
        byte[] metaData = event.serializeMetaData(serializer, byte[].class).getData();
        return EventEnvelope.of(event, globalIndex(tracked), correlationId(metaData),
                JsonNodeFactory.instance.rawValueNode(new RawValue(new String(payload, StandardCharsets.UTF_8))));
    }

    static long globalIndex(TrackedEventMessage<?> event) {
        return event.trackingToken().position()
                .orElseThrow(() -> new IllegalStateException("event " + event.getIdentifier() + " has no log position"));
    }

    /** The top-level {@value #CORRELATION_ID} of serialized metadata, or null. */
    private static String correlationId(byte[] metaData) {
        try (JsonParser parser = JSON.createParser(metaData)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = CORRELATION_ID.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable event metadata", e);
        }
    }

    static ProducerRecord<String, byte[]> record(String topic, EventEnvelope envelope) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.aggregateId(), value);
        header(record, EventEnvelope.HEADER_EVENT_ID, envelope.eventId());
        header(record, EventEnvelope.HEADER_TYPE, envelope.type());
        header(record, EventEnvelope.HEADER_SCHEMA_VERSION, Integer.toString(envelope.schemaVersion()));
        header(record, EventEnvelope.HEADER_AGGREGATE_ID, envelope.aggregateId());
        header(record, EventEnvelope.HEADER_SEQUENCE, Long.toString(envelope.sequence()));
        header(record, EventEnvelope.HEADER_GLOBAL_INDEX, Long.toString(envelope.globalIndex()));
        header(record, EventEnvelope.HEADER_CORRELATION_ID, envelope.correlationId());
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
