package io.seamline.projection.warehouse;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.PlatformConfig;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLanding;
import io.seamline.projection.warehouse.bronze.LandingStage;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.Compaction;
import io.seamline.seam.consume.ApplyRetries;
import io.seamline.seam.consume.ConsumerObserver;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.fault.ConsumerFaults;
import io.seamline.seam.fault.FoldBug;
import io.seamline.seam.model.RecordModel;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse's one writer of its live tables: lands each batch the shared consumer loop hands it (consumer group
 * {@value #CONSUMER}) in bronze, refines it into silver and gold, and compacts and vacuums between batches. Its
 * position is the bronze manifest's offsets, not the group's: Kafka's committed offsets are a copy for monitoring.
 * After a failure it drops what it holds in memory and opens its files again ({@link #recover}). An event that fails
 * to fold {@link ApplyRetries#maxAttempts} times is given up to the quarantine (see {@link WarehouseRefinery}); a
 * failure outside the fold (a file, the broker) is an outage and gives nothing up.
 */
@ApplicationScoped
class WarehousePipeline {

    public static final String CONSUMER = "warehouse";
    /** The stages an event reaches in the warehouse, as the propagation trace names them. */
    static final String BRONZE_HOP = "warehouse.bronze";
    static final String SILVER_HOP = "warehouse.silver";
    static final String GOLD_HOP = "warehouse.gold";
    private static final Logger LOG = Logger.getLogger(WarehousePipeline.class);

    private final String topic;
    private final Path root;
    private final WarehouseConfig config;
    private final WarehouseCrashPoint crashPoint;
    private final List<ConsumerObserver> observers;
    private final ConsumerFaults faults;
    private final ApplyRetries retries;
    /** How often each event has failed to fold, by event id, across the writer's lives in this process. */
    private final Map<String, Integer> foldFailures = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final BufferAllocator allocator = new RootAllocator();
    private final AtomicLong restarts = new AtomicLong();
    private volatile WarehouseTables tables;
    private WarehouseWriter writer;
    private long lastVacuum = System.nanoTime();
    private final RefinePacer pacer;

    WarehousePipeline(PlatformConfig platform, WarehouseConfig config, WarehouseCrashPoint crashPoint,
                      @All List<ConsumerObserver> observers, Instance<ConsumerFaults> faults, ApplyRetries retries,
                      MeterRegistry registry) {
        this.topic = platform.topic();
        this.root = Path.of(config.dir().orElse(Path.of(platform.data().dir(), "warehouse").toString()))
                .toAbsolutePath();
        this.config = config;
        this.pacer = new RefinePacer(config.minCommitInterval(), config.refineInterval(), System::nanoTime);
        this.crashPoint = crashPoint;
        this.observers = observers;
        this.faults = faults.isResolvable() ? faults.get() : ConsumerFaults.NONE;
        this.retries = retries;
        FunctionCounter.builder("seamline.warehouse.records.checked", this, p -> BronzeLanding.recordsChecked())
                .description("Records the warehouse checked against their event schemas as it landed them in bronze "
                        + "(live or in a rebuild from Kafka; a rebuild from bronze checks none)")
                .register(registry);
    }

    /** Before the shared loop starts feeding it (priority 20). */
    void start(@Observes @Priority(10) StartupEvent event) throws IOException {
        reopen();
    }

    /**
     * Opens the live tables from disk with a writer caught up with bronze: what a new process would see. The tables
     * are opened at the live generation's real directory, which a replay's swap does not move: a query still scanning
     * them when the swap happens reads on from them.
     */
    synchronized void reopen() throws IOException {
        tables = WarehouseTables.open(WarehouseTables.liveGeneration(root()), clock);
        writer = WarehouseWriter.open(tables, allocator, clock, crashPoint::reached, topic, this::refused,
                foldPolicy());
        writer.trackFlushes();
    }

    /** A batch failed: what it held in memory is dropped and the tables are opened again from their files. */
    synchronized void recover() throws IOException {
        restarts.incrementAndGet();
        LOG.warnf("warehouse starting again from its files");
        reopen();
    }

    /**
     * Lands a batch in bronze (committed when this returns) and folds it into silver and gold; those are written once
     * a batch is not full (caught up) or, while catching up, at most once per refine interval, and never more often than
     * the minimum commit interval ({@link RefinePacer}). Returns what landed.
     */
    synchronized RecordModel.Landed land(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging)
            throws IOException {
        WarehouseWriter.Written written = writer.write(records, lagging);
        Instant landedAt = clock.instant(); // bronze holds them now: before silver and gold, as the trace shows
        if (pacer.due(records.size() < config.maxBatch()) && !refineryStalled()) {
            flush();
        }
        crashPoint.reached(LandingStage.OFFSETS_NOT_COMMITTED);
        Compaction.compactDuePartitions(tables.bronzeEvents(), allocator, config.compactAfterFiles());
        return new RecordModel.Landed(written.landed(), landedAt);
    }

    /**
     * The topic is quiet: events that waited for a lagging partition are folded, and silver and gold written with what
     * they lack once the minimum commit interval allows (else at a later call: the loop calls this at every quiet poll).
     */
    synchronized void idle(Set<Integer> lagging) throws IOException {
        writer.release(lagging);
        if (writer.dirty() && !refineryStalled() && pacer.due(true)) {
            flush();
        }
        if (System.nanoTime() - lastVacuum > config.vacuumInterval().toNanos()) {
            vacuum();
            lastVacuum = System.nanoTime();
        }
    }

    /**
     * An operator stalled the refinery (a fault armed as a stall of {@value #SILVER_HOP}): bronze goes on landing,
     * silver and gold stop being written until it is lifted, which is how a stalled middle layer looks to lineage.
     */
    private boolean refineryStalled() {
        return faults.stalled(SILVER_HOP);
    }

    /** Writes silver and gold and tells the observers which events they now hold. */
    private void flush() throws IOException {
        writer.flush();
        pacer.committed();
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

    /**
     * The live fold policy: an event is given up once its fold has failed {@code maxAttempts} times (each failure
     * ends a life of the writer; the next one folds it again from bronze). The armed faults fail the fold of a
     * poisoned aggregate's events, and an armed {@link FoldBug} makes the fold compute wrong numbers.
     */
    private FoldPolicy foldPolicy() {
        return new FoldPolicy() {
            @Override
            public void beforeFold(BronzeEvent event) {
                faults.beforeApply(CONSUMER, event.aggregateId());
            }

            @Override
            public boolean armed(FoldBug bug) {
                return faults.armed(bug);
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
     * Tells the seam's observers (its quarantine) of a record the landing refused; a writer of the live tables calls
     * it before bronze moves past the record, so a failure here has the record come again rather than skip it.
     */
    void refused(ConsumerRecord<String, byte[]> record, String reason) {
        for (ConsumerObserver observer : observers) {
            observer.refused(CONSUMER, record, reason);
        }
    }

    private void vacuum() throws IOException {
        for (ArrowTable table : tables.all().values()) {
            ArrowTable.VacuumResult result = table.vacuum(config.retention());
            if (result.versions() > 0 || result.files() > 0) {
                LOG.infof("vacuumed %s: %d versions, %d files", table.name(), result.versions(), result.files());
            }
        }
    }

    /**
     * Where the live tables are: {@code seamline.warehouse.dir}, by default {@code <seamline.data.dir>/warehouse}, a
     * link to the live generation's directory.
     */
    public Path root() {
        return root;
    }

    /** The tables as the writer last opened them; readers take versions from them. */
    public WarehouseTables tables() {
        return tables;
    }

    /**
     * Links the live bronze into the warehouse generation at {@code target} (see
     * {@link WarehouseTables#linkBronzeInto}) while no batch lands and nothing is compacted or vacuumed.
     */
    synchronized long linkBronzeInto(Path target) throws IOException {
        return tables.linkBronzeInto(target);
    }

    /** Where bronze says each partition resumes: the next offset it has not landed. */
    Map<Integer, Long> resumeOffsets() {
        return tables.bronzeEvents().current().watermark().kafkaOffsets();
    }

    /** How often the writer started again from its files after a failure. */
    public long restarts() {
        return restarts.get();
    }

    String topic() {
        return topic;
    }

    /** Records per bronze commit at most. */
    int maxBatch() {
        return config.maxBatch();
    }

    Duration linger() {
        return config.linger();
    }
}
