package io.seamline.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;
import io.seamline.seam.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Turns a stored event into the Kafka record of the topic's contract: key = aggregate id, value = envelope. */
final class EnvelopeWriter {
    private static final ObjectMapper JSON = EventJson.mapper();

    private EnvelopeWriter() {
    }

    static long globalIndex(TrackedEventMessage<?> event) {
        return event.trackingToken().position()
                .orElseThrow(() -> new IllegalStateException("event " + event.getIdentifier() + " has no log position"));
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
        header(record, EventEnvelope.HEADER_VERSION, Integer.toString(envelope.version()));
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
