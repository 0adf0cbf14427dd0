package io.seamline.seam.log;

import io.quarkus.runtime.ShutdownEvent;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads single records of the event topic by partition and offset, outside any consumer group: which event a
 * consumer's position on a partition stands after, when all it reported is an offset (where it resumed).
 */
@ApplicationScoped
public class TopicRecords {

    private static final Logger LOG = Logger.getLogger(TopicRecords.class);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final KafkaClients kafka;
    private final String topic;
    private KafkaConsumer<String, byte[]> reader;

    TopicRecords(KafkaClients kafka, PlatformConfig platform) {
        this.kafka = kafka;
        this.topic = platform.topic();
    }

    /**
     * The envelope of the record at {@code offset} of {@code partition}; empty when there is none (retention deleted
     * it, or it is past the end) or it is no readable envelope (a record the consumers quarantined).
     */
    public synchronized Optional<EventEnvelope> at(int partition, long offset) {
        TopicPartition wanted = new TopicPartition(topic, partition);
        try {
            KafkaConsumer<String, byte[]> consumer = reader();
            consumer.assign(List.of(wanted));
            consumer.seek(wanted, offset);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, byte[]>> records = consumer.poll(Duration.ofMillis(100)).records(wanted);
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.offset() == offset) {
                        return Optional.of(EventJson.mapper().readValue(record.value(), EventEnvelope.class));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // compacted or deleted: the broker skipped past it
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.debugf("could not read record %d of %s: %s", offset, wanted, e);
            return Optional.empty();
        }
    }

    private KafkaConsumer<String, byte[]> reader() {
        if (reader == null) {
            // an offset retention deleted resets to the start, where the first record shows it is gone
            reader = kafka.consumer(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                    new StringDeserializer(), new ByteArrayDeserializer());
        }
        return reader;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close(Duration.ofSeconds(5));
            reader = null;
        }
    }
}
