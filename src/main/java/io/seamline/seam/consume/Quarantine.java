package io.seamline.seam.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Where every record a consumer of the log refuses goes: the dead-letter topic {@code <topic>.dlq} (with the reason,
 * the consumer and the source offset in its headers) and the table {@code seam_quarantine}, once per consumer and
 * offset, counted in {@code seamline_quarantined_events_total{consumer}}. Both writes must succeed before the
 * consumer moves past the record, so nothing is dropped silently.
 */
@ApplicationScoped
public class Quarantine implements ConsumerObserver {

    /** One quarantined record, as the API lists it. */
    public record QuarantinedEvent(long id, String consumer, String topic, int partition, long offset, String eventId,
                                   String eventType, String aggregateId, String reason, String record,
                                   Instant quarantinedAt) {
    }

    public static final String HEADER_REASON = "seamline-dlq-reason";
    public static final String HEADER_CONSUMER = "seamline-dlq-consumer";
    public static final String HEADER_SOURCE = "seamline-dlq-source";

    private static final String INSERT = """
            insert into seam_quarantine (consumer, topic, topic_partition, record_offset, record_key, event_id,
                event_type, aggregate_id, reason, record, quarantined_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            on conflict do nothing""";

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final KafkaClients kafka;
    private KafkaProducer<String, byte[]> deadLetters;

    Quarantine(DataSource dataSource, MeterRegistry registry, KafkaClients kafka) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.kafka = kafka;
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }

    @Override
    public void refused(String consumer, ConsumerRecord<String, byte[]> record, String reason) {
        publish(consumer, record, reason);
        if (insert(consumer, record, reason)) {
            Counter.builder("seamline.quarantined.events").tag("consumer", consumer)
                    .description("Records a consumer of the log refused and quarantined").register(registry)
                    .increment();
        }
    }

    private synchronized void publish(String consumer, ConsumerRecord<String, byte[]> record, String reason) {
        if (deadLetters == null) {
            deadLetters = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
        }
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetterTopic(record.topic()), record.key(),
                record.value());
        dead.headers().add(HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(HEADER_CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(HEADER_SOURCE, (record.topic() + "/" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(dead).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + "; it will be retried", e);
        }
    }

    /** True when the record was not quarantined for this consumer before (a redelivery). */
    private boolean insert(String consumer, ConsumerRecord<String, byte[]> record, String reason) {
        String raw = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        JsonNode envelope = envelopeOf(raw);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, consumer);
            ps.setString(2, record.topic());
            ps.setInt(3, record.partition());
            ps.setLong(4, record.offset());
            ps.setString(5, storable(record.key()));
            ps.setString(6, storable(text(envelope, "eventId")));
            ps.setString(7, storable(text(envelope, "type")));
            ps.setString(8, storable(text(envelope, "aggregateId")));
            ps.setString(9, storable(reason));
            ps.setString(10, storable(raw));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not quarantine " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + "; it will be retried", e);
        }
    }

    /**
     * The text as PostgreSQL's text can hold it: a NUL (which a refused record, or the store's error quoting it, may
     * well carry) written as its JSON escape, so the quarantine never fails on what it quarantines.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
    }

    /** The record as JSON when it is JSON at all (a refused record may be anything). */
    private static JsonNode envelopeOf(String raw) {
        try {
            return EventJson.mapper().readTree(raw);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode envelope, String field) {
        return envelope == null || !envelope.path(field).isTextual() ? null : envelope.path(field).asText();
    }

    /** How many records each consumer has quarantined. */
    public Map<String, Long> countsByConsumer() {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select consumer, count(*) from seam_quarantine group by consumer"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the quarantine", e);
        }
    }

    /** The newest quarantined records, of one consumer or (null) all. */
    public List<QuarantinedEvent> recent(String consumer, int limit) {
        List<QuarantinedEvent> recent = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, consumer, topic, topic_partition, record_offset, event_id, event_type, aggregate_id, reason,
                       record, quarantined_at
                from seam_quarantine where (? is null or consumer = ?) order by id desc limit ?""")) {
            ps.setString(1, consumer);
            ps.setString(2, consumer);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recent.add(new QuarantinedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getTimestamp(11).toInstant()));
                }
            }
            return recent;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the quarantine", e);
        }
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (deadLetters != null) {
            deadLetters.close(java.time.Duration.ofSeconds(5));
        }
    }
}
