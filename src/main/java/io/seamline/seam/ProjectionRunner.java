package io.seamline.seam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Kafka side of every projection: consumes the event topic in a consumer group, hands decoded
 * batches to the projection (which applies them and its watermark in one transaction), and commits the
 * offsets only after that. At-least-once delivery plus the projection's {@link SequenceGuard} make the
 * result effectively-once. A record that is not a valid envelope of a valid event is refused: the observers
 * quarantine it ({@link Quarantine}) and the rest flows.
 */
public final class ProjectionRunner implements AutoCloseable {

    /** Applies one batch atomically, including the watermark; throws to have the batch redelivered. */
    @FunctionalInterface
    public interface BatchHandler {
        void apply(List<ConsumedEvent> batch) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final String group;
    private final String topic;
    private final KafkaClients kafka;
    private final BatchHandler handler;
    /** Where the projection's own store says to resume, per partition; null when the group's offsets are the truth. */
    private final Supplier<Map<Integer, Long>> storedOffsets;
    private final List<ConsumerObserver> observers;
    private final ConsumerFaults faults;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable lastFailure;
    private Thread thread;
    /** The next offset per partition of every batch applied: committed once more, synchronously, on stop. */
    private final Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();

    /**
     * A runner in consumer {@code group}; {@code storedOffsets} is null when the group's committed offsets are where to
     * resume, else where the projection's own store (an index commit, a manifest) says each partition resumes (see
     * {@link ProjectionRunners}).
     */
    ProjectionRunner(String group, String topic, KafkaClients kafka, BatchHandler handler,
                     Supplier<Map<Integer, Long>> storedOffsets, List<ConsumerObserver> observers,
                     ConsumerFaults faults) {
        this.group = group;
        this.topic = topic;
        this.kafka = kafka;
        this.handler = handler;
        this.storedOffsets = storedOffsets;
        this.observers = List.copyOf(observers);
        this.faults = faults;
    }

    public synchronized void start() {
        consumer = kafka.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ReportAssignment(consumer, group, observers,
                storedOffsets == null ? null : new ResumeFromStoredOffsets(consumer, storedOffsets)));
        thread = new Thread(this::loop, "projection-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (stopRequested.getCount() > 0) {
                if (faults.stalled(group)) { // alive, polling nothing: what freshness must tell from a dead consumer
                    stopRequested.await(200, TimeUnit.MILLISECONDS);
                    continue;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                if (faults.stalled(group)) { // stalled while the poll waited: hand back what it brought
                    rewind(records);
                    continue;
                }
                if (!applyOrRewind(records)) {
                    stopRequested.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastFailure = e;
            LOG.errorf(e, "projection %s stopped", group);
        } finally {
            closeQuietly();
            stopped.countDown();
        }
    }

    /**
     * Applies the batch and commits its offsets; on failure (of the batch, or of quarantining a record it refused)
     * rewinds so the same records come again.
     */
    private boolean applyOrRewind(ConsumerRecords<String, byte[]> records) {
        List<ConsumedEvent> batch = new ArrayList<>(records.count());
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    ConsumedEvent event = decode(record);
                    if (!faults.drops(group, event)) {
                        batch.add(event);
                    }
                } catch (IOException | RuntimeException unreadable) {
                    refuse(record, unreadable);
                }
            }
            if (!batch.isEmpty()) {
                handler.apply(batch);
                Instant appliedAt = Instant.now();
                for (ConsumerObserver observer : observers) {
                    observer.applied(group, batch, appliedAt);
                }
            }
            // Asynchronous: the batch is already applied with its watermark, so a commit lost in a crash only
            // redelivers records the sequence guard skips; waiting on the broker would hold up the next poll.
            Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(records);
            applied.putAll(next);
            consumer.commitAsync(next, null);
            Map<Integer, Long> read = new HashMap<>();
            next.forEach((partition, offset) -> read.put(partition.partition(), offset.offset()));
            for (ConsumerObserver observer : observers) {
                observer.read(group, read);
            }
            lastFailure = null;
            return true;
        } catch (Exception e) {
            lastFailure = e;
            LOG.warnf("projection %s could not apply a batch of %d events, retrying: %s", group, batch.size(), e);
            rewind(records);
            return false;
        }
    }

    /** The next poll returns these records again. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    /**
     * The record decoded as the live runner decodes it, or empty when the runner would dead-letter it: what a rebuild
     * reading the topic itself applies (the live consumer dead-lettered the rest already).
     */
    public static Optional<ConsumedEvent> readable(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(decode(record));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An envelope of a known type whose payload is valid against its schema in the event catalogue and decodes as its
     * class; anything else is refused (quarantined) with the reason.
     */
    private static ConsumedEvent decode(ConsumerRecord<String, byte[]> record) throws IOException {
        ObjectMapper json = EventJson.mapper();
        EventEnvelope envelope = json.readValue(record.value(), EventEnvelope.class);
        Class<?> type = EventTypes.byName(envelope.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + envelope.type()));
        if (envelope.aggregateId() == null || envelope.payload() == null) {
            throw new IllegalArgumentException("envelope of event " + envelope.eventId() + " lacks its aggregate or payload");
        }
        List<String> violations = EventSchemas.violations(envelope.type(), envelope.version(), envelope.payload());
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("payload violates " + EventSchemas.file(envelope.type(), envelope.version())
                    + ": " + String.join("; ", violations));
        }
        return new ConsumedEvent(envelope, json.treeToValue(envelope.payload(), type), record.partition(), record.offset(),
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Hands a record it cannot apply to the observers (the quarantine); if that fails, the batch is retried. */
    private void refuse(ConsumerRecord<String, byte[]> record, Exception reason) {
        LOG.warnf("projection %s refused %s/%d@%d: %s", group, record.topic(), record.partition(), record.offset(),
                reason.getMessage());
        for (ConsumerObserver observer : observers) {
            observer.refused(group, record, String.valueOf(reason.getMessage()));
        }
    }

    public boolean running() {
        return stopped.getCount() > 0 && thread != null;
    }

    /** The error of the last batch, while it is being retried; null when healthy. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    public String group() {
        return group;
    }

    /** Stops after the batch in hand is applied and committed. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        // No wakeup(): the loop polls in short steps, so the batch in hand is applied and committed first.
        stopRequested.countDown();
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            applied.keySet().retainAll(consumer.assignment()); // never move back a partition another member took
            if (!applied.isEmpty()) {
                consumer.commitSync(applied, Duration.ofSeconds(5)); // an orderly stop redelivers nothing
            }
        } catch (RuntimeException e) {
            LOG.warnf("projection %s could not commit its last offsets on stop (they will be redelivered and "
                    + "skipped): %s", group, e);
        }
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("closing consumer %s: %s", group, e);
        }
    }
}
