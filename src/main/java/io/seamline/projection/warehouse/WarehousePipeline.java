package io.seamline.projection.warehouse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.KafkaClients;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.Compaction;
import io.quarkus.arc.All;
import io.seamline.seam.ApplyRetries;
import io.seamline.seam.ConsumerFaults;
import io.seamline.seam.ConsumerObserver;
import io.seamline.seam.EventEnvelope;
import io.seamline.seam.ReportAssignment;
import io.seamline.seam.ResumeFromStoredOffsets;
import io.seamline.seam.SequenceGuard;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse's one writer: consumes the event topic in consumer group {@value #CONSUMER}, lands each batch in
 * bronze, refines it into silver and gold, and compacts and vacuums between batches. Its position is the bronze
 * manifest's offsets, not the group's: Kafka's committed offsets are a copy for monitoring. On any failure it
 * drops what it holds in memory and starts again from its files, backing off as {@link ApplyRetries} says. An event
 * that fails to fold that many times is given up to the quarantine (see {@link WarehouseRefinery}); a failure outside
 * the fold (a file, the broker) is an outage and gives nothing up.
 */
@ApplicationScoped
public class WarehousePipeline {

    public static final String CONSUMER = "warehouse";
    /** The later stages an event reaches in the warehouse, as the propagation trace names them. */
    static final String SILVER_HOP = "warehouse.silver";
    static final String GOLD_HOP = "warehouse.gold";
    private static final Logger LOG = Logger.getLogger(WarehousePipeline.class);

    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;
    @ConfigProperty(name = "seamline.data.dir", defaultValue = "data")
    String dataDir;
    @ConfigProperty(name = "seamline.warehouse.dir")
    Optional<String> warehouseDir;
    @ConfigProperty(name = "seamline.warehouse.max-batch", defaultValue = "20000")
    int maxBatch;
    @ConfigProperty(name = "seamline.warehouse.linger", defaultValue = "200ms")
    Duration linger;
    @ConfigProperty(name = "seamline.warehouse.refine-interval", defaultValue = "1s")
    Duration refineInterval;
    @ConfigProperty(name = "seamline.warehouse.retention", defaultValue = "7d")
    Duration retention;
    @ConfigProperty(name = "seamline.warehouse.compact-after-files", defaultValue = "16")
    int compactAfterFiles;
    @ConfigProperty(name = "seamline.warehouse.vacuum-interval", defaultValue = "1h")
    Duration vacuumInterval;

    private final WarehouseCrashPoint crashPoint;
    private final List<ConsumerObserver> observers;
    private final ConsumerFaults faults;
    private final ApplyRetries retries;
    private final KafkaClients kafka;
    /** How often each event has failed to fold, by event id, across the pipeline's lives in this process. */
    private final Map<String, Integer> foldFailures = new ConcurrentHashMap<>();
    /** Lives in a row that ended in a failure: how long the next one waits. */
    private int failuresInARow;
    private final Clock clock = Clock.systemUTC();
    private final BufferAllocator allocator = new RootAllocator();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong restarts = new AtomicLong();
    private volatile WarehouseTables tables;
    private volatile Throwable lastFailure;
    private Thread thread;

    WarehousePipeline(WarehouseCrashPoint crashPoint, @All List<ConsumerObserver> observers,
                      Instance<ConsumerFaults> faults, ApplyRetries retries, KafkaClients kafka) {
        this.crashPoint = crashPoint;
        this.observers = observers;
        this.faults = faults.isResolvable() ? faults.get() : ConsumerFaults.NONE;
        this.retries = retries;
        this.kafka = kafka;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        resume();
    }

    /** Opens the tables from disk and starts consuming where their manifests say. */
    synchronized void resume() {
        stopRequested.set(false);
        tables = WarehouseTables.open(root(), clock);
        thread = new Thread(this::run, "projection-" + CONSUMER);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the batch in hand is committed; the tables stay readable. */
    synchronized void pause() {
        stopRequested.set(true);
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Where the live tables are: {@code seamline.warehouse.dir}, by default {@code <seamline.data.dir>/warehouse}. */
    public Path root() {
        return Path.of(warehouseDir.orElse(Path.of(dataDir, "warehouse").toString())).toAbsolutePath();
    }

    /** Consumers stop first on shutdown: the batch in hand is committed. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        pause();
    }

    /** The tables as the pipeline last opened them; readers take versions from them. */
    public WarehouseTables tables() {
        return tables;
    }

    /** How often the pipeline started again from its files after a failure. */
    public long restarts() {
        return restarts.get();
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    private void run() {
        while (!stopRequested.get()) {
            try {
                runOnce();
            } catch (RuntimeException | java.io.IOException e) {
                lastFailure = e;
                restarts.incrementAndGet();
                failuresInARow++;
                LOG.warnf("warehouse pipeline failed, starting again from its files: %s", e.toString());
                sleep(retries.delay(failuresInARow));
                tables = WarehouseTables.open(root(), clock); // what a new process would see
            }
        }
    }

    /** One life of the pipeline: from the tables on disk until a stop or a failure. */
    private void runOnce() throws java.io.IOException {
        WarehouseTables open = tables;
        WarehouseWriter writer = WarehouseWriter.open(open, allocator, clock, crashPoint::reached, topic,
                this::refused, foldPolicy());
        writer.trackFlushes();
        SequenceGuard.takeSkipped(); // catching up from its files is no redelivery: count from the first batch on
        long lastVacuum = System.nanoTime();
        long lastFlush = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(settings(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                CONSUMER, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic), new ReportAssignment(consumer, CONSUMER, observers,
                    new ResumeFromStoredOffsets(consumer, writer::resumeOffsets)));
            while (!stopRequested.get()) {
                if (stalledAlive(consumer)) {
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> batch = pollBatch(consumer);
                if (!batch.isEmpty() && faults.stalled(CONSUMER)) { // stalled while polling: hand the batch back
                    rewind(consumer, batch);
                    continue;
                }
                if (batch.isEmpty()) {
                    writer.release(lagging(consumer)); // events that waited for a partition now caught up
                    if (writer.dirty()) {
                        writer.flush(); // caught up: what the last full batches folded in becomes visible
                        reportFlushed(writer);
                    }
                    reportSkipped();
                    if (System.nanoTime() - lastVacuum > vacuumInterval.toNanos()) {
                        vacuum(open);
                        lastVacuum = System.nanoTime();
                    }
                    continue;
                }
                faults.beforeBatch(CONSUMER); // a batch that fails ends this life: the next one reads it again
                WarehouseWriter.Written written = writer.write(batch, lagging(consumer));
                report(written, writer.resumeOffsets());
                // while catching up (full batches) silver and gold are rewritten at most once per interval
                if (batch.size() < maxBatch || System.nanoTime() - lastFlush > refineInterval.toNanos()) {
                    writer.flush();
                    reportFlushed(writer);
                    lastFlush = System.nanoTime();
                }
                crashPoint.reached(LandingStage.OFFSETS_NOT_COMMITTED);
                consumer.commitAsync(kafkaCopy(writer.resumeOffsets()), null);
                reportSkipped();
                compactIfDue(open);
                lastFailure = null;
                failuresInARow = 0;
            }
        }
    }

    /**
     * The live pipeline's fold policy: an event is given up once its fold has failed {@code maxAttempts} times (each
     * failure ends a life; the next one folds it again from bronze). The armed faults fail the fold of a poisoned
     * aggregate's events.
     */
    private FoldPolicy foldPolicy() {
        return new FoldPolicy() {
            @Override
            public void beforeFold(BronzeEvent event) {
                faults.beforeApply(CONSUMER, event.aggregateId());
            }

            @Override
            public boolean giveUp(BronzeEvent event, RuntimeException cause) {
                int failed = foldFailures.merge(event.eventId(), 1, Integer::sum);
                LOG.warnf("warehouse: %s %s of %s failed to fold (try %d of %d): %s", event.type(), event.eventId(),
                        event.aggregateId(), failed, retries.maxAttempts(), cause);
                if (failed < retries.maxAttempts()) {
                    return false;
                }
                foldFailures.remove(event.eventId());
                return true;
            }
        };
    }

    /**
     * While a chaos run stalls this consumer it stays in its group (polling paused partitions keeps it there) but
     * reads nothing; true while stalled.
     */
    private boolean stalledAlive(KafkaConsumer<String, byte[]> consumer) {
        if (faults.stalled(CONSUMER)) {
            consumer.pause(consumer.assignment());
            consumer.poll(Duration.ofMillis(200));
            return true;
        }
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        return false;
    }

    private static void rewind(KafkaConsumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }

    /**
     * Tells the seam's observers (its quarantine) of a record the landing refused; a writer of the live tables calls
     * it before bronze moves past the record, so a failure here has the record come again rather than skip it.
     */
    void refused(ConsumerRecord<String, byte[]> record, String reason) {
        for (ConsumerObserver observer : observers) {
            observer.refused(CONSUMER, record, reason);
        }
    }

    /** Tells the seam's observers what is now in bronze and how far it has read. */
    private void report(WarehouseWriter.Written written, Map<Integer, Long> next) {
        Instant at = clock.instant();
        for (ConsumerObserver observer : observers) {
            if (!written.landed().isEmpty()) {
                observer.applied(CONSUMER, written.landed(), at);
            }
            observer.read(CONSUMER, next);
        }
    }

    /**
     * Tells the observers how many events silver's sequence guard skipped since the last report; called at the end of
     * a turn of the loop, after the flush of a batch that flushes at once, so a reader who sees the count of such a
     * batch sees silver as the batch left it.
     */
    private void reportSkipped() {
        long skipped = SequenceGuard.takeSkipped();
        if (skipped > 0) {
            for (ConsumerObserver observer : observers) {
                observer.skipped(CONSUMER, skipped);
            }
        }
    }

    /** Tells the observers which events silver, then gold, now hold. */
    private void reportFlushed(WarehouseWriter writer) {
        WarehouseRefinery.Flushed flushed = writer.takeFlushed();
        if (flushed == null || flushed.events().isEmpty()) {
            return;
        }
        List<EventEnvelope> events = flushed.events().stream().map(BronzeEvent::identity).toList();
        for (ConsumerObserver observer : observers) {
            observer.reached(SILVER_HOP, events, flushed.silverCommitted());
            observer.reached(GOLD_HOP, events, flushed.goldCommitted());
        }
    }

    /** The partitions the broker says hold records not yet read (a partition of unknown lag is not waited for). */
    private static Set<Integer> lagging(KafkaConsumer<String, byte[]> consumer) {
        Set<Integer> lagging = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.currentLag(partition).orElse(0) > 0) {
                lagging.add(partition.partition());
            }
        }
        return lagging;
    }

    private List<ConsumerRecord<String, byte[]>> pollBatch(KafkaConsumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        long deadline = System.nanoTime() + linger.toNanos();
        while (batch.size() < maxBatch && !stopRequested.get()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(batch.isEmpty() ? 200 : 20));
            records.forEach(batch::add);
            if (records.isEmpty() && (batch.isEmpty() || System.nanoTime() > deadline)) {
                break;
            }
        }
        return batch;
    }

    private Map<TopicPartition, OffsetAndMetadata> kafkaCopy(Map<Integer, Long> landed) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        landed.forEach((partition, offset) ->
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        return offsets;
    }

    private void compactIfDue(WarehouseTables open) throws java.io.IOException {
        Compaction.compactDuePartitions(open.bronzeEvents(), allocator, compactAfterFiles);
    }

    private void vacuum(WarehouseTables open) throws java.io.IOException {
        for (ArrowTable table : open.all().values()) {
            ArrowTable.VacuumResult result = table.vacuum(retention);
            if (result.versions() > 0 || result.files() > 0) {
                LOG.infof("vacuumed %s: %d versions, %d files", table.name(), result.versions(), result.files());
            }
        }
    }

    /** A consumer of the event topic outside any group, for reading it whole (a rebuild). */
    KafkaConsumer<String, byte[]> reader() {
        return kafka.consumer(settings(Map.of()), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The warehouse's consumer settings (large polls: it lands thousands of records a commit), plus {@code more}. */
    private Map<String, Object> settings(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(more);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return settings;
    }

    String topic() {
        return topic;
    }

    /** Records per bronze commit at most. */
    int maxBatch() {
        return maxBatch;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
