package io.seamline.projection.warehouse.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.seamline.platform.EventJson;
import io.seamline.seam.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.UncheckedIOException;
import java.time.Instant;

/** One row of {@code bronze.events}: the event, where Kafka had it, and when the warehouse landed it. */
public record BronzeRecord(BronzeEvent event, int kafkaPartition, long kafkaOffset, String correlationId,
                    Instant ingestedAt) {

    /** The Kafka record this row was landed from, as read from {@code topic}: its envelope rebuilt from the row. */
    ConsumerRecord<String, byte[]> asKafkaRecord(String topic) {
        try {
            EventEnvelope envelope = new EventEnvelope(event.eventId(), event.type(), event.schemaVersion(),
                    event.aggregateType(), event.aggregateId(), event.sequence(), event.globalIndex(),
                    event.eventTime(), correlationId, EventJson.mapper().readTree(event.payload()));
            return new ConsumerRecord<>(topic, kafkaPartition, kafkaOffset, event.aggregateId(),
                    EventJson.mapper().writeValueAsBytes(envelope));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
