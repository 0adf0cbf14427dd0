package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeLanding;
import io.seamline.projection.warehouse.bronze.LandingStage;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one writer of a warehouse generation: lands Kafka records in bronze and refines them into silver and gold.
 * The live pipeline, the replay and the benchmark all write through it.
 */
public final class WarehouseWriter {

    private static final int BACKFILL_PAGE = 5_000;

    private final BronzeLanding landing;
    private final WarehouseRefinery refinery;
    private long landingNanos;
    private long refiningNanos;
    private long flushingNanos;

    private WarehouseWriter(BronzeLanding landing, WarehouseRefinery refinery) {
        this.landing = landing;
        this.refinery = refinery;
    }

    /**
     * A writer of {@code tables}, with silver and gold loaded and caught up with bronze; {@code refused} is told of
     * each record the landing refuses, with the reason, before bronze moves past it (throw to have it come again). An
     * event that fails to fold fails the write.
     */
    public static WarehouseWriter open(WarehouseTables tables, BufferAllocator allocator, Clock clock,
                                       Consumer<LandingStage> crashPoint,
                                       BiConsumer<ConsumerRecord<String, byte[]>, String> refused) throws IOException {
        return open(tables, allocator, clock, crashPoint, null, refused, FoldPolicy.NEVER);
    }

    /**
     * As above, for records read from {@code topic}; an event that fails to fold is handled as {@code policy} says,
     * and one given up is quarantined like a refused record.
     */
    public static WarehouseWriter open(WarehouseTables tables, BufferAllocator allocator, Clock clock,
                                       Consumer<LandingStage> crashPoint, String topic,
                                       BiConsumer<ConsumerRecord<String, byte[]>, String> refused,
                                       FoldPolicy policy) throws IOException {
        BronzeLanding landing = new BronzeLanding(tables.bronzeEvents(), tables.quarantine(), allocator, clock,
                crashPoint, topic, refused);
        return new WarehouseWriter(landing, WarehouseRefinery.open(tables, allocator, crashPoint, policy,
                (event, reason) -> {
                    try {
                        landing.condemn(event, reason);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
    }

    /** A writer of bronze alone (silver and gold untouched), to measure the landing by itself. */
    public static WarehouseWriter landingOnly(WarehouseTables tables, BufferAllocator allocator, Clock clock) {
        return new WarehouseWriter(new BronzeLanding(tables.bronzeEvents(), tables.quarantine(), allocator, clock,
                stage -> { }, null, (record, reason) -> { }), null);
    }

    WarehouseRefinery refinery() {
        return refinery;
    }

    /** Where to resume reading each partition: the next offset bronze has not landed. */
    public Map<Integer, Long> resumeOffsets() {
        return landing.resumeOffsets();
    }

    /**
     * What writing a batch did; {@code landed} is what the consumer reports to the seam's observers (a sum of
     * several writes keeps only the counts).
     */
    public record Written(long records, long events, long quarantined, long bronzeVersion, List<ConsumedEvent> landed) {
        Written plus(Written other) {
            return new Written(records + other.records, events + other.events, quarantined + other.quarantined,
                    Math.max(bronzeVersion, other.bronzeVersion), List.of());
        }
    }

    /**
     * Lands a batch in bronze (committed when this returns) and folds it into silver and gold in memory.
     * {@code lagging} are the Kafka partitions known to hold more records than read: an event is folded only once
     * none of them can still deliver an earlier one (see {@link WarehouseRefinery}).
     */
    public Written write(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws IOException {
        long started = System.nanoTime();
        BronzeLanding.Landed landed = landing.land(records);
        long landedAt = System.nanoTime();
        landingNanos += landedAt - started;
        if (refinery != null) {
            refinery.refine(landed, lagging);
            refiningNanos += System.nanoTime() - landedAt;
        }
        return new Written(records.size(), landed.events().size(), landed.quarantined(), landed.version().version(),
                landed.consumed());
    }

    /**
     * From now on, remembers which events each flush made visible in silver and gold ({@link #takeFlushed}): what a live
     * pipeline reports to the propagation trace. Off for rebuilds, which would hold every event until their end.
     */
    public void trackFlushes() {
        if (refinery != null) {
            refinery.trackFlushes();
        }
    }

    /** The events silver and gold took in the flushes since the last call, with the commit times; null when none. */
    WarehouseRefinery.Flushed takeFlushed() {
        return refinery == null ? null : refinery.takeFlushed();
    }

    /** Folds the landed events that waited for partitions no longer in {@code lagging}. */
    public void release(Set<Integer> lagging) {
        if (refinery != null) {
            refinery.release(lagging);
        }
    }

    /** Commits silver and gold with what was folded in since the last flush. */
    public void flush() throws IOException {
        if (refinery != null) {
            long started = System.nanoTime();
            refinery.flush();
            flushingNanos += System.nanoTime() - started;
        }
    }

    /** Where this writer's time went so far: landing in bronze, folding into silver and gold, writing those. */
    public record Timings(Duration landing, Duration refining, Duration flushing) {
    }

    public Timings timings() {
        return new Timings(Duration.ofNanos(landingNanos), Duration.ofNanos(refiningNanos),
                Duration.ofNanos(flushingNanos));
    }

    /**
     * Where opening spent its time when it folded all of bronze (a generation given the live bronze): reading bronze,
     * decoding the payloads, folding, writing silver and gold; empty when it resumed from silver and gold as stored.
     */
    public Optional<String> refoldTimings() {
        WarehouseRefinery.Refolded r = refinery == null ? null : refinery.refolded();
        return Optional.ofNullable(r).map(t -> "%,d events: reading bronze %.2f s, decoding %.2f s, folding "
                .formatted(t.events(), t.reading().toMillis() / 1e3, t.decoding().toMillis() / 1e3)
                + "%.2f s, writing silver and gold %.2f s".formatted(t.folding().toMillis() / 1e3,
                t.writing().toMillis() / 1e3));
    }

    /** Whether silver and gold lag behind bronze. */
    public boolean dirty() {
        return refinery != null && refinery.dirty();
    }

    /**
     * Lands the whole log read from the event store, then marks every Kafka record before {@code covered} as
     * landed (the log was read after those offsets were taken, so it holds every event they carry) and flushes.
     */
    public Written backfill(EventLog log, Map<Integer, Long> covered) throws IOException {
        int partitions = covered.size();
        long events = 0;
        long after = -1;
        List<EventEnvelope> page;
        while (!(page = log.page(after, BACKFILL_PAGE)).isEmpty()) {
            BronzeLanding.Landed landed = landing.backfill(page, partitions);
            if (refinery != null) {
                refinery.refine(landed, Set.of()); // the event store's pages come in global order
            }
            events += page.size();
            after = page.get(page.size() - 1).globalIndex();
        }
        TableManifest sealed = landing.coveredUpTo(covered);
        if (refinery != null) {
            refinery.refine(new BronzeLanding.Landed(List.of(), null, Map.of(), sealed, 0, List.of()), Set.of());
        }
        flush();
        return new Written(events, events, 0, sealed.version(), List.of());
    }
}
