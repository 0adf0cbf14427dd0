package io.seamline.seam.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventSchemas;
import io.seamline.seam.event.EventTypes;
import io.seamline.seam.fault.ConsumerFaults;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Kafka side of every projection: consumes the event topic in a consumer group, hands decoded
 * batches to the projection (which applies them and its watermark in one transaction), and commits the
 * offsets only after that. At-least-once delivery plus the projection's {@link SequenceGuard} make the
 * result effectively-once. A record that is not a valid envelope of a valid event is refused: the observers
 * quarantine it ({@link Quarantine}) and the rest flows.
 * <p>
 * A batch that fails to apply is tried again, backing off ({@link ApplyRetries}). Once a partition's next record has
 * been in {@code maxAttempts} failed batches (counted per partition and offset, as batches of other partitions may
 * apply in between), the runner applies the batch's records one at a time: a record that still fails on its own
 * {@code maxAttempts} times, with a failure that is no outage ({@link ApplyRetries#outage}) and its store answering
 * the {@link StoreCheck}, is poison: it is refused like an unreadable record and the rest flows. An outage (every
 * record fails, the store does not answer) is retried for as long as it lasts and quarantines nothing.
 * <p>
 * A {@link RecordLanding} (the warehouse) is handed the records as they are, in batches of up to its
 * {@link RecordLanding#maxBatch} gathered for up to its {@link RecordLanding#linger}, and judges and quarantines them
 * itself; when the topic is quiet it is told so ({@link RecordLanding#idle}); a batch it fails to land is read again
 * after the model started again from its files ({@link RecordLanding#recover}), backing off the same way. Its poison
 * is its own to give up on, so no record of it is applied one at a time.
 */
public final class ProjectionRunner implements AutoCloseable {

    /** Applies one batch atomically, including the watermark; throws to have the batch redelivered. */
    @FunctionalInterface
    public interface BatchHandler {
        void apply(List<ConsumedEvent> batch) throws Exception;
    }

    /**
     * Moves a projection that stores its position with its data past records the runner settled without applying
     * them (refused into the quarantine, dropped), so a restart neither reads them again nor counts them as lag.
     */
    @FunctionalInterface
    public interface PassedOver {
        void passed(Map<Integer, Long> nextOffsets) throws Exception;
    }

    /**
     * Throws while the store a projection writes to cannot take writes at all (a database that does not answer, an
     * index writer closed by a disk error): what tells an outage from a record the store refuses.
     */
    @FunctionalInterface
    public interface StoreCheck {
        /** For a store in this process's memory: nothing outside it can be down. */
        StoreCheck NONE = () -> { };

        void check() throws Exception;
    }

    /**
     * Told by a projection whose readers see a batch some time after it applied it (an index refreshed on a cadence):
     * since {@code at}, its readers see every event before {@code nextOffsets} (per partition).
     */
    @FunctionalInterface
    public interface Visibility {
        void visible(Map<Integer, Long> nextOffsets, Instant at);
    }

    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);

    /** The consumer's name, which observers, faults and the log go by. */
    private final String group;
    /** The Kafka consumer group it joins ({@link ConsumerGroups}): its name, or its name and the replica's. */
    private final String groupId;
    private final String topic;
    private final KafkaClients kafka;
    private final BatchHandler handler;
    private final StoreCheck storeCheck;
    private final ApplyRetries retries;
    /** The group's fetch settings ({@link ConsumersConfig.Fetch}), over the runner's own defaults. */
    private final Map<String, Object> fetch;
    /**
     * Per partition, the offset a failing batch started at and how many batches starting there failed: at
     * {@code maxAttempts} the records are applied one at a time.
     */
    private final Map<TopicPartition, Attempts> attempts = new HashMap<>();
    /** How often in a row the batch in hand has failed; 0 once it applied. */
    private volatile int failuresInARow;
    /** Where the projection's own store says to resume, per partition; null when the group's offsets are the truth. */
    private final Supplier<Map<Integer, Long>> storedOffsets;
    /** Told the offsets of every settled batch when the projection stores its position; else null. */
    private final PassedOver passedOver;
    private final List<ConsumerObserver> observers;
    private final ConsumerFaults faults;
    /** Holds the applied and read reports until the projection's readers see them; null: reported at once. */
    private volatile VisibleLater visibleLater;
    /** The model fed the records as they are; null when the runner decodes them for {@link #handler}. */
    private final RecordLanding landing;
    /** A landing failed: the model starts again from its files before the next one. */
    private boolean recovering;
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
    ProjectionRunner(String group, String groupId, String topic, KafkaClients kafka, BatchHandler handler,
                     StoreCheck storeCheck, Supplier<Map<Integer, Long>> storedOffsets, PassedOver passedOver,
                     List<ConsumerObserver> observers, ConsumerFaults faults, ApplyRetries retries,
                     Map<String, Object> fetch) {
        this(group, groupId, topic, kafka, handler, storeCheck, storedOffsets, passedOver, observers, faults, retries,
                fetch, null);
    }

    /** A runner handing {@code landing} the records as they are, resuming where its files say. */
    ProjectionRunner(String group, String groupId, String topic, KafkaClients kafka, StoreCheck storeCheck,
                     Supplier<Map<Integer, Long>> storedOffsets, List<ConsumerObserver> observers,
                     ConsumerFaults faults, ApplyRetries retries, Map<String, Object> fetch, RecordLanding landing) {
        this(group, groupId, topic, kafka, null, storeCheck, storedOffsets, null, observers, faults, retries, fetch,
                landing);
    }

    private ProjectionRunner(String group, String groupId, String topic, KafkaClients kafka, BatchHandler handler,
                             StoreCheck storeCheck, Supplier<Map<Integer, Long>> storedOffsets,
                             PassedOver passedOver, List<ConsumerObserver> observers, ConsumerFaults faults,
                             ApplyRetries retries, Map<String, Object> fetch, RecordLanding landing) {
        this.fetch = Map.copyOf(fetch);
        this.landing = landing;
        this.group = group;
        this.groupId = groupId;
        this.topic = topic;
        this.kafka = kafka;
        this.handler = handler;
        this.storeCheck = storeCheck;
        this.retries = retries;
        this.storedOffsets = storedOffsets;
        this.passedOver = passedOver;
        this.observers = List.copyOf(observers);
        this.faults = faults;
    }

    /**
     * Reports a batch as applied (and its offsets as read) only once the projection tells the returned
     * {@link Visibility} that its readers see it: for a projection that applies a batch before its readers see it.
     * Called before {@link #start}.
     */
    public synchronized Visibility reportWhenVisible() {
        visibleLater = new VisibleLater(group, observers);
        return visibleLater;
    }

    public synchronized void start() {
        Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
        if (landing != null) { // large polls: it lands thousands of records a commit
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, landing.maxBatch());
            settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        }
        settings.putAll(fetch);
        consumer = kafka.consumer(settings, new StringDeserializer(), new ByteArrayDeserializer());
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
                if (landing != null) {
                    landNext();
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
                boolean done = failures(records) < retries.maxAttempts() ? applyOrRewind(records)
                        : applyOneByOne(records);
                int failures = done ? 0 : failed(records);
                failuresInARow = failures;
                // no wait before the records are tried one at a time: that pass backs off on its own
                if (failures > 0 && failures != retries.maxAttempts()) {
                    stopRequested.await(retries.delay(failures).toMillis(), TimeUnit.MILLISECONDS);
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
     * Hands the record model its next batch (or tells it the topic is quiet) and commits the batch's offsets once it is
     * landed; on failure the batch is read again after the model started again from its files.
     */
    private void landNext() throws InterruptedException {
        try {
            if (recovering) {
                landing.recover();
                recovering = false;
                SequenceGuard.takeSkipped(); // catching up from its files is no redelivery
            }
            List<ConsumerRecord<String, byte[]>> batch = pollBatch();
            if (batch.isEmpty()) {
                landing.idle(lagging()); // may flush what was landed: its skips are counted now
                reportSkipped();
                return;
            }
            if (faults.stalled(group)) { // stalled while the poll waited: hand back what it brought
                rewind(batch);
                return;
            }
            try {
                faults.beforeBatch(group); // a batch that fails is read again once the model started from its files
                RecordLanding.Landed landed = landing.land(batch, lagging());
                if (!landed.events().isEmpty()) {
                    for (ConsumerObserver observer : observers) {
                        observer.applied(group, landed.events(), landed.at());
                    }
                }
            } catch (Exception e) {
                rewind(batch);
                reportFailed(batch, e);
                throw e;
            }
            done(nextOffsets(batch));
            reportSkipped();
            lastFailure = null;
            failuresInARow = 0;
        } catch (Exception e) {
            lastFailure = e;
            failuresInARow++;
            recovering = true;
            LOG.warnf("projection %s failed (%d in a row), starting again from its files: %s", group,
                    failuresInARow, e.toString());
            stopRequested.await(retries.delay(failuresInARow).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Up to {@link RecordLanding#maxBatch} records, waiting up to its linger for more once the first came. */
    private List<ConsumerRecord<String, byte[]>> pollBatch() {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        long deadline = System.nanoTime() + landing.linger().toNanos();
        while (batch.size() < landing.maxBatch() && stopRequested.getCount() > 0) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(batch.isEmpty() ? 200 : 20));
            records.forEach(batch::add);
            if (records.isEmpty() && (batch.isEmpty() || System.nanoTime() > deadline)) {
                break;
            }
        }
        return batch;
    }

    /** The partitions the broker says hold records not yet read (a partition of unknown lag is not waited for). */
    private Set<Integer> lagging() {
        Set<Integer> lagging = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.currentLag(partition).orElse(0) > 0) {
                lagging.add(partition.partition());
            }
        }
        return lagging;
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
                apply(batch);
            }
            done(nextOffsets(records));
            lastFailure = null;
            return true;
        } catch (Exception e) {
            lastFailure = e;
            LOG.warnf("projection %s could not apply a batch of %d events (try %d of %d), retrying: %s", group,
                    batch.size(), failures(records) + 1, retries.maxAttempts(), e);
            rewind(records);
            reportFailed(records, e);
            return false;
        }
    }

    /**
     * Applies events (the injected faults first, as the store would fail) and tells the observers, with how many of
     * them the projection's sequence guard skipped.
     */
    private void apply(List<ConsumedEvent> batch) throws Exception {
        faults.beforeBatch(group);
        for (ConsumedEvent event : batch) {
            faults.beforeApply(group, event.envelope().aggregateId());
        }
        SequenceGuard.takeSkipped(); // what a failed try skipped is counted when the batch applies
        handler.apply(batch);
        VisibleLater later = visibleLater;
        if (later != null) {
            later.applied(batch);
        } else {
            Instant appliedAt = Instant.now();
            for (ConsumerObserver observer : observers) {
                observer.applied(group, batch, appliedAt);
            }
        }
        reportSkipped();
    }

    /** Tells the observers which records a batch that failed to apply held, and why it failed. */
    private void reportFailed(Iterable<ConsumerRecord<String, byte[]>> records, Exception cause) {
        Map<Integer, Long> from = new HashMap<>();
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            from.merge(record.partition(), record.offset(), Math::min);
            next.merge(record.partition(), record.offset() + 1, Math::max);
        }
        Instant at = Instant.now();
        for (ConsumerObserver observer : observers) {
            observer.failed(group, from, next, cause, at);
        }
    }

    /** Tells the observers how many events the model's sequence guard skipped on this thread since the last report. */
    private void reportSkipped() {
        long skipped = SequenceGuard.takeSkipped();
        if (skipped > 0) {
            for (ConsumerObserver observer : observers) {
                observer.skipped(group, skipped);
            }
        }
    }

    /** Commits the offsets of what is done (applied, refused or dropped) and tells the observers how far it read. */
    private void done(Map<TopicPartition, OffsetAndMetadata> next) {
        if (next.isEmpty()) {
            return;
        }
        // Asynchronous: the batch is already applied with its watermark, so a commit lost in a crash only
        // redelivers records the sequence guard skips; waiting on the broker would hold up the next poll.
        applied.putAll(next);
        next.forEach((partition, offset) -> attempts.computeIfPresent(partition,
                (p, at) -> at.offset() < offset.offset() ? null : at));
        consumer.commitAsync(next, null);
        Map<Integer, Long> read = new HashMap<>();
        next.forEach((partition, offset) -> read.put(partition.partition(), offset.offset()));
        passOver(read);
        VisibleLater later = visibleLater;
        if (later != null) {
            later.read(read);
            return;
        }
        for (ConsumerObserver observer : observers) {
            observer.read(group, read);
        }
    }

    /** Moves the projection's stored position past what was settled; should it fail, a restart reads them again. */
    private void passOver(Map<Integer, Long> read) {
        if (passedOver == null) {
            return;
        }
        try {
            passedOver.passed(read);
        } catch (Exception e) {
            LOG.debugf("projection %s could not move its stored position past settled records: %s", group, e);
        }
    }

    /**
     * The batch failed {@code maxAttempts} times: applies its records one at a time, in order, so the ones that
     * apply go through and the one that cannot is found ({@link #settle}). Stops at an outage, with what was done
     * before it committed and the rest rewound; returns whether the whole batch was settled.
     */
    private boolean applyOneByOne(ConsumerRecords<String, byte[]> records) {
        LOG.warnf("projection %s: a batch of %d records failed %d times, applying its records one at a time", group,
                records.count(), retries.maxAttempts());
        Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!settle(record)) {
                    break;
                }
                settled.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
        } catch (Exception e) { // the quarantine itself failed: the record comes again
            lastFailure = e;
            LOG.warnf("projection %s could not quarantine a record, retrying: %s", group, e);
        }
        done(settled);
        for (TopicPartition partition : records.partitions()) {
            OffsetAndMetadata next = settled.get(partition);
            long end = records.records(partition).getLast().offset() + 1;
            if (next == null || next.offset() < end) {
                consumer.seek(partition, next != null ? next.offset() : records.records(partition).getFirst().offset());
            }
        }
        boolean all = settled.size() == records.partitions().size() && records.partitions().stream()
                .allMatch(p -> settled.get(p).offset() == records.records(p).getLast().offset() + 1);
        if (all) {
            lastFailure = null;
        }
        return all;
    }

    /**
     * Applies one record on its own, trying up to {@code maxAttempts} times; refuses it as poison when it still fails
     * and the failure is no outage. Returns false at an outage (or a stop): the record is not settled.
     */
    private boolean settle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ConsumedEvent event;
        try {
            event = decode(record);
        } catch (IOException | RuntimeException unreadable) {
            refuse(record, unreadable);
            return true;
        }
        if (faults.drops(group, event)) {
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                apply(List.of(event));
                return true;
            } catch (Exception e) {
                lastFailure = e;
                if (outage(e)) {
                    LOG.warnf("projection %s: its store is unavailable, retrying: %s", group, e);
                    return false;
                }
                if (attempt >= retries.maxAttempts()) {
                    refuse(record, new IllegalStateException("could not be applied after " + attempt + " tries: "
                            + e, e));
                    return true;
                }
                if (stopRequested.await(retries.delay(attempt).toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        }
    }

    /** A failure of the store rather than of the record: it says so itself, or the store does not answer. */
    private boolean outage(Exception failure) {
        if (ApplyRetries.outage(failure)) {
            return true;
        }
        try {
            storeCheck.check();
            return false;
        } catch (Exception unreachable) {
            return true;
        }
    }

    /** How often a batch starting where this one starts has failed, on its worst partition. */
    private int failures(ConsumerRecords<String, byte[]> records) {
        int worst = 0;
        for (TopicPartition partition : records.partitions()) {
            Attempts at = attempts.get(partition);
            if (at != null && at.offset() == records.records(partition).getFirst().offset()) {
                worst = Math.max(worst, at.failures());
            }
        }
        return worst;
    }

    /** Counts one more failure for every partition of the batch at the offset it started at; returns the worst. */
    private int failed(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            long first = records.records(partition).getFirst().offset();
            attempts.merge(partition, new Attempts(first, 1),
                    (known, fresh) -> known.offset() == first ? new Attempts(first, known.failures() + 1) : fresh);
        }
        return failures(records);
    }

    /** How many batches starting at {@code offset} of a partition have failed. */
    private record Attempts(long offset, int failures) {
    }

    /** The next poll returns these records again. */
    private void rewind(Iterable<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
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
        List<String> violations = EventSchemas.violations(envelope.type(), envelope.schemaVersion(), envelope.payload());
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("payload violates " + EventSchemas.file(envelope.type(), envelope.schemaVersion())
                    + ": " + String.join("; ", violations));
        }
        return new ConsumedEvent(envelope, json.treeToValue(envelope.payload(), type), record.partition(), record.offset(),
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(Iterable<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
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

    /**
     * How often in a row the batch in hand has failed to apply (0 when it applied): past {@code maxAttempts}, its
     * records were tried one at a time and the store found unavailable.
     */
    public int failuresInARow() {
        return failuresInARow;
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
        requestStop();
        awaitStopped(Duration.ofSeconds(30));
    }

    /**
     * Asks the loop to stop after the batch in hand; a retry waiting for its next try stops at once, its batch not
     * committed (it is delivered again after a restart).
     */
    public void requestStop() {
        // No wakeup(): the loop polls in short steps, so the batch in hand is applied and committed first.
        stopRequested.countDown();
    }

    /** Waits up to {@code wait} for the loop to stop; whether it did. */
    public boolean awaitStopped(Duration wait) {
        if (thread == null) {
            return true;
        }
        try {
            return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Gives up on a loop that did not stop when asked (a batch blocked in its store): interrupts it, which ends a wait
     * or an interruptible call, and leaves the daemon thread to the end of the process otherwise. Its batch is not
     * committed, so it is delivered again after a restart.
     */
    public void abandon() {
        if (thread != null && thread.isAlive()) {
            LOG.warnf("projection %s did not stop when asked (its batch is blocked: %s); abandoning the batch, which "
                    + "is delivered again after a restart", group, lastFailure == null ? "no error yet" : lastFailure);
            thread.interrupt();
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
