package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLanding;
import io.seamline.projection.warehouse.bronze.BronzeRows;
import io.seamline.projection.warehouse.bronze.LandingStage;
import io.seamline.projection.warehouse.bronze.QuarantinedRecord;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.gold.Gold;
import io.seamline.projection.warehouse.gold.GoldChanges;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.silver.GoldDelta;
import io.seamline.projection.warehouse.silver.Silver;
import io.seamline.projection.warehouse.silver.SilverChanges;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverOrderLine;
import io.seamline.projection.warehouse.silver.SilverProduct;
import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.RowMapping;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableScan;
import io.seamline.seam.fault.FoldBug;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Refines bronze into silver and gold and stores them. The fold happens in memory ({@link Silver}, {@link Gold});
 * a flush rewrites only the partitions the folded events touched (products in hash buckets of their id; orders,
 * their lines and the sales facts by order date, since new orders and their status changes touch recent days; the
 * small view whole) and commits each table with the bronze version it reflects. On
 * start it loads silver and gold from their files and catches up on the bronze versions silver has not seen; with
 * none refined yet it folds all of bronze, which is how a generation given the live bronze rebuilds silver and gold
 * without reading or checking a record again.
 * <p>
 * An event that fails to fold leaves silver and gold as they were while the others fold; its {@link FoldPolicy}
 * decides whether the batch fails (to be tried again from the files) or the event is given up: quarantined
 * ({@code bronze.quarantine} and the seam's quarantine) and from then on skipped, here and by every later load.
 */
final class WarehouseRefinery {

    static final int BUCKETS = 16;
    private static final int ROWS_PER_BATCH = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(WarehouseRefinery.class);

    private final WarehouseTables tables;
    private final BufferAllocator allocator;
    private final Consumer<LandingStage> crashPoint;
    private final FoldPolicy policy;
    /** Quarantines an event bronze holds, with the reason (see {@link BronzeLanding#condemn}). */
    private final BiConsumer<BronzeEvent, String> condemn;
    /** The ids of the events given up (bronze.quarantine's): never folded, whatever bronze holds. */
    private final Set<String> condemned = new HashSet<>();
    /** Events folded since the last flush, kept only for a live pipeline that reports when silver and gold have them. */
    private List<BronzeEvent> foldedSinceFlush;
    private Silver silver;
    private Gold gold;
    /** Product ids by bucket and order ids by day: the rows of each partition, in id order. */
    private final Map<String, Set<String>> productsByBucket = new HashMap<>();
    private final Map<LocalDate, Set<String>> ordersByDay = new HashMap<>();
    private final Set<String> dirtyBuckets = new HashSet<>();
    private final Set<LocalDate> dirtyOrderDays = new HashSet<>();
    private final Set<LocalDate> dirtyFactDays = new HashSet<>();
    private boolean dirtyView;
    /** Events landed but not folded yet, and the highest global index each Kafka partition has delivered. */
    private final List<Held> held = new ArrayList<>();
    private final Map<Integer, Long> reach = new HashMap<>();
    private TableManifest bronzeVersion;

    private WarehouseRefinery(WarehouseTables tables, BufferAllocator allocator, Consumer<LandingStage> crashPoint,
                              FoldPolicy policy, BiConsumer<BronzeEvent, String> condemn) {
        this.tables = tables;
        this.allocator = allocator;
        this.crashPoint = crashPoint;
        this.policy = policy;
        this.condemn = condemn;
    }

    /**
     * Silver and gold as stored, caught up with bronze and flushed; an event that fails to fold is handled as
     * {@code policy} says, and {@code condemn} quarantines one given up.
     */
    static WarehouseRefinery open(WarehouseTables tables, BufferAllocator allocator, Consumer<LandingStage> crashPoint,
                                  FoldPolicy policy, BiConsumer<BronzeEvent, String> condemn) throws IOException {
        WarehouseRefinery refinery = new WarehouseRefinery(tables, allocator, crashPoint, policy, condemn);
        refinery.readCondemned();
        refinery.load();
        return refinery;
    }

    private void readCondemned() throws IOException {
        ArrowTable quarantine = tables.quarantine();
        TableScan.scan(quarantine, quarantine.current(), null, p -> true, allocator, batch -> {
            for (QuarantinedRecord row : BronzeRows.QUARANTINE.read(batch)) {
                if (row.eventId() != null) {
                    condemned.add(row.eventId());
                }
            }
            return true;
        });
    }

    private static final List<String> REFINED = List.of("silver.products", "silver.orders", "silver.order_lines",
            "gold.fact_sales", "gold.daily_revenue");

    /**
     * Loads the five refined tables as of the newest bronze version all of them reflect (a crash between their
     * commits leaves some one step ahead; time travel takes those back), then folds the bronze versions after it.
     */
    private void load() throws IOException {
        ArrowTable bronze = tables.bronzeEvents();
        bronzeVersion = bronze.current();
        long source = REFINED.stream().mapToLong(this::source).min().orElseThrow();
        Map<String, TableManifest> start = new TreeMap<>();
        for (String table : REFINED) {
            tables.get(table).versions().stream().filter(v -> v.watermark().sourceVersion() <= source)
                    .reduce((older, newer) -> newer).ifPresent(v -> start.put(table, v));
        }
        boolean bronzeRetained = bronze.current().version() <= Math.max(source, 0) || bronze.versions().stream()
                .anyMatch(v -> v.version() == Math.max(1, source + 1));
        boolean refinedRetained = source < 0 || start.size() == REFINED.size();
        if (source < 0 || !bronzeRetained || !refinedRetained) {
            // nothing refined yet (a generation given bronze to refold), or the versions to resume from have been
            // vacuumed: fold all of bronze's current files, which compaction keeps few, in one batch
            if (source >= 0) {
                LOG.warnf("silver and gold reflect bronze version %d, which is no longer retained: refolding bronze",
                        source);
            }
            silver = Silver.restore(List.of(), List.of(), List.of());
            gold = Gold.restore(List.of(), List.of());
            long started = System.nanoTime();
            List<BronzeEvent> events = readBronze(bronze.current().files());
            long read = System.nanoTime();
            List<Object> decoded = decodeAll(events);
            long decodedAt = System.nanoTime();
            refine(bronzeVersion, events, decoded);
            index(true);
            refolded = new Refolded(events.size(), Duration.ofNanos(read - started),
                    Duration.ofNanos(decodedAt - read), Duration.ofNanos(System.nanoTime() - decodedAt), Duration.ZERO);
        } else {
            silver = Silver.restore(read(start, "silver.products", SilverRows.PRODUCTS),
                    read(start, "silver.orders", SilverRows.ORDERS),
                    read(start, "silver.order_lines", SilverRows.ORDER_LINES));
            gold = Gold.restore(read(start, "gold.fact_sales", GoldRows.FACT_SALES),
                    read(start, "gold.daily_revenue", GoldRows.DAILY_REVENUE));
            index(false);
            // one batch, folded in global order: versions landed from different partitions interleave in the log
            List<DataFile> unseen = new ArrayList<>();
            for (TableManifest version : bronze.versions()) {
                if (version.version() > source && version.operation() == TableManifest.Operation.APPEND) {
                    unseen.addAll(version.added());
                }
            }
            refine(bronze.current(), readBronze(unseen), null);
        }
        bronzeVersion = bronze.current();
        if (REFINED.stream().anyMatch(t -> source(t) != bronzeVersion.version())) {
            long started = System.nanoTime();
            flush(); // tables a crash left apart are committed together again
            if (refolded != null) {
                refolded = refolded.flushed(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    /**
     * The payloads of a whole refold decoded on every core (the fold itself runs in log order on one); one that fails
     * to decode is left null, for the fold to decode again and give the reason.
     */
    private static List<Object> decodeAll(List<BronzeEvent> events) {
        return Arrays.asList(events.parallelStream().map(event -> {
            try {
                return event.decode();
            } catch (RuntimeException e) {
                return null;
            }
        }).toArray());
    }

    /** What opening took when it folded all of bronze: events, and the time reading, decoding, folding, writing. */
    record Refolded(long events, Duration reading, Duration decoding, Duration folding, Duration writing) {
        Refolded flushed(Duration took) {
            return new Refolded(events, reading, decoding, folding, took);
        }
    }

    private Refolded refolded;

    /** What opening took if it folded all of bronze; null if it resumed from silver and gold as stored. */
    Refolded refolded() {
        return refolded;
    }

    private long source(String table) {
        return tables.get(table).current().watermark().sourceVersion();
    }

    private <T> List<T> read(Map<String, TableManifest> versions, String table, RowMapping<T> mapping)
            throws IOException {
        TableManifest version = versions.get(table);
        if (version == null) {
            return List.of();
        }
        List<T> rows = new ArrayList<>();
        TableScan.scan(tables.get(table), version, null, p -> true, allocator, batch -> rows.addAll(mapping.read(batch)));
        return rows;
    }

    private List<BronzeEvent> readBronze(List<DataFile> files) throws IOException {
        List<BronzeEvent> events = new ArrayList<>();
        TableScan.scan(tables.bronzeEvents(), files, null, p -> true, allocator, batch -> {
            BronzeRows.EVENTS.read(batch).forEach(row -> events.add(row.event()));
            return true;
        });
        return events;
    }

    /**
     * Folds a landed batch in; the tables change at the next {@link #flush()}. Silver must meet the log in global
     * order, or an order could be folded before the product it names (it would lose its category as of the order),
     * but Kafka orders only within a partition, and a consumer catching up reads some partitions ahead of others.
     * So an event waits here until no partition in {@code lagging} can still deliver an earlier one: until each
     * has delivered past it.
     */
    void refine(BronzeLanding.Landed landed, Set<Integer> lagging) {
        bronzeVersion = landed.version();
        landed.reach().forEach((partition, index) -> reach.merge(partition, index, Math::max));
        for (int i = 0; i < landed.events().size(); i++) {
            held.add(new Held(landed.events().get(i), landed.decoded() == null ? null : landed.decoded().get(i),
                    landed.version().version()));
        }
        release(lagging);
    }

    /** Folds the waiting events that no partition in {@code lagging} can still precede. */
    void release(Set<Integer> lagging) {
        long safe = Long.MAX_VALUE;
        for (int partition : lagging) {
            safe = Math.min(safe, reach.getOrDefault(partition, -1L));
        }
        held.sort(Comparator.comparingLong(h -> h.event().globalIndex()));
        int ready = 0;
        while (ready < held.size() && held.get(ready).event().globalIndex() <= safe) {
            ready++;
        }
        List<Held> folded = new ArrayList<>(held.subList(0, ready));
        held.subList(0, ready).clear();
        refine(bronzeVersion, folded.stream().map(Held::event).toList(),
                folded.stream().anyMatch(h -> h.decoded() == null) ? null
                        : folded.stream().map(Held::decoded).toList());
    }

    /** An event landed but not folded yet, with the bronze version that holds it. */
    private record Held(BronzeEvent event, Object decoded, long bronzeVersion) {
    }

    /**
     * The bronze version silver and gold reflect completely: the one before the oldest that holds an event still
     * waiting, so a restart folds that event from bronze again.
     */
    private TableManifest reflectedBronze() {
        long oldestWaiting = held.stream().mapToLong(Held::bronzeVersion).min().orElse(Long.MAX_VALUE);
        return oldestWaiting == Long.MAX_VALUE ? bronzeVersion : tables.bronzeEvents().version(oldestWaiting - 1);
    }

    private void refine(TableManifest bronze, List<BronzeEvent> events, List<Object> decoded) {
        bronzeVersion = bronze;
        if (!condemned.isEmpty() && events.stream().anyMatch(e -> condemned.contains(e.eventId()))) {
            List<BronzeEvent> kept = new ArrayList<>(events.size());
            List<Object> keptDecoded = decoded == null ? null : new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                if (!condemned.contains(events.get(i).eventId())) {
                    kept.add(events.get(i));
                    if (keptDecoded != null) {
                        keptDecoded.add(decoded.get(i));
                    }
                }
            }
            events = kept;
            decoded = keptDecoded;
        }
        if (events.isEmpty()) {
            return;
        }
        SilverChanges changes = silver.applyEach(events, decoded, policy::beforeFold);
        Set<String> givenUp = settle(changes);
        if (foldedSinceFlush != null) {
            events.stream().filter(e -> !givenUp.contains(e.eventId())).forEach(foldedSinceFlush::add);
        }
        for (String id : changes.productIds()) {
            String bucket = bucket(id);
            productsByBucket.computeIfAbsent(bucket, b -> new TreeSet<>()).add(id);
            dirtyBuckets.add(bucket);
        }
        for (String id : changes.orderIds()) {
            SilverOrder order = silver.order(id);
            if (order != null) {
                ordersByDay.computeIfAbsent(order.orderDate(), d -> new TreeSet<>()).add(id);
                dirtyOrderDays.add(order.orderDate());
            }
        }
        GoldChanges goldChanges = gold.apply(policy.armed(FoldBug.GOLD_DROPS_CANCELLATIONS)
                ? withoutCancellations(changes.goldDeltas()) : changes.goldDeltas());
        dirtyFactDays.addAll(goldChanges.days());
        dirtyView |= !goldChanges.orderIds().isEmpty();
    }

    /** The deltas but the cancellations: the fold bug {@link FoldBug#GOLD_DROPS_CANCELLATIONS}. */
    private static List<GoldDelta> withoutCancellations(List<GoldDelta> deltas) {
        return deltas.stream().filter(d -> !(d instanceof GoldDelta.StatusChanged changed && changed.order().cancelled()))
                .toList();
    }

    /**
     * Gives up the events that failed to fold if the policy lets it, else fails the batch (the pipeline starts again
     * from its files, where the events come again). Only the fold, which reads and writes memory alone, is judged
     * here: a failure to read or write files (an outage) fails the batch before or after it, and never gives an event
     * up. Returns the ids of the events given up.
     */
    private Set<String> settle(SilverChanges changes) {
        if (changes.failed().isEmpty()) {
            return Set.of();
        }
        boolean giveUp = true;
        for (SilverChanges.Failed failed : changes.failed()) {
            giveUp &= policy.giveUp(failed.event(), failed.cause()); // asked for each: each counts a try
        }
        if (!giveUp) {
            SilverChanges.Failed first = changes.failed().getFirst();
            throw new IllegalStateException("warehouse could not fold " + describe(first.event()) + ": "
                    + first.cause(), first.cause());
        }
        Set<String> ids = new HashSet<>();
        for (SilverChanges.Failed failed : changes.failed()) {
            condemn.accept(failed.event(), "could not be folded into silver: " + failed.cause());
            condemned.add(failed.event().eventId());
            ids.add(failed.event().eventId());
            LOG.warnf("warehouse gave up %s: %s", describe(failed.event()), failed.cause());
        }
        return ids;
    }

    private static String describe(BronzeEvent event) {
        return event.type() + " " + event.eventId() + " of " + event.aggregateType() + " " + event.aggregateId()
                + " (sequence " + event.sequence() + ")";
    }

    boolean dirty() {
        return !dirtyBuckets.isEmpty() || !dirtyOrderDays.isEmpty() || dirtyView
                || source("silver.orders") < reflectedBronze().version();
    }

    /**
     * Rewrites the touched partitions and commits silver, then gold, each stamped with the bronze version. The
     * rows of a partition come from the indexes by bucket and by day, so a commit costs what it touched, not the
     * size of the tables. The files are written in parallel (each is independent, and a file no manifest lists
     * yet is invisible); the commits follow in a fixed order.
     */
    void flush() throws IOException {
        TableManifest reflected = reflectedBronze();
        TableManifest.Watermark watermark = new TableManifest.Watermark(reflected.watermark().kafkaOffsets(),
                silver.lastGlobalIndex(), reflected.watermark().maxEventTime(), reflected.version());
        Map<String, List<SilverProduct>> products = new TreeMap<>();
        for (String bucket : dirtyBuckets) {
            products.put(bucket, productsByBucket.get(bucket).stream().map(silver::product).toList());
        }
        Map<String, List<SilverOrder>> orders = new TreeMap<>();
        Map<String, List<SilverOrderLine>> lines = new TreeMap<>();
        for (LocalDate day : dirtyOrderDays) {
            Set<String> ids = ordersByDay.get(day);
            orders.put(datePartition(day), ids.stream().map(silver::order).toList());
            lines.put(datePartition(day), ids.stream().flatMap(id -> silver.lines(id).stream()).toList());
        }
        Map<String, List<FactSale>> facts = new TreeMap<>();
        for (LocalDate day : dirtyFactDays) {
            facts.put(datePartition(day), ordersByDay.getOrDefault(day, Set.of()).stream()
                    .flatMap(id -> gold.factSales(id).stream()).toList());
        }
        List<Rewrite<?>> silverTables = List.of(new Rewrite<>("silver.products", SilverRows.PRODUCTS, products),
                new Rewrite<>("silver.orders", SilverRows.ORDERS, orders),
                new Rewrite<>("silver.order_lines", SilverRows.ORDER_LINES, lines));
        List<Rewrite<?>> goldTables = List.of(new Rewrite<>("gold.fact_sales", GoldRows.FACT_SALES, facts),
                new Rewrite<>("gold.daily_revenue", GoldRows.DAILY_REVENUE,
                        dirtyView ? Map.of("", gold.dailyRevenue()) : Map.of()));
        List<Rewrite<?>> all = new ArrayList<>(silverTables);
        all.addAll(goldTables);
        writeFiles(all);
        for (Rewrite<?> rewrite : silverTables) {
            commit(rewrite, watermark);
        }
        crashPoint.accept(LandingStage.SILVER_COMMITTED);
        Instant silverCommitted = Instant.now();
        for (Rewrite<?> rewrite : goldTables) {
            commit(rewrite, watermark);
        }
        crashPoint.accept(LandingStage.GOLD_COMMITTED);
        if (foldedSinceFlush != null) {
            flushed = new Flushed(List.copyOf(foldedSinceFlush), silverCommitted, Instant.now());
            foldedSinceFlush.clear();
        }
        dirtyBuckets.clear();
        dirtyOrderDays.clear();
        dirtyFactDays.clear();
        dirtyView = false;
    }

    /** What a flush made visible: the events silver and gold now reflect, and when each was committed. */
    record Flushed(List<BronzeEvent> events, Instant silverCommitted, Instant goldCommitted) {
    }

    private Flushed flushed;

    /** Starts keeping the events each flush makes visible (a live pipeline reports them to the trace). */
    void trackFlushes() {
        foldedSinceFlush = new ArrayList<>();
    }

    /** What the last flush made visible since it was last taken; null when nothing. */
    Flushed takeFlushed() {
        Flushed taken = flushed;
        flushed = null;
        return taken;
    }

    /** The partitions of one table to rewrite, with their rows, and the files written for them. */
    private record Rewrite<T>(String table, RowMapping<T> mapping, Map<String, List<T>> partitions,
                              Map<String, DataFile> files) {
        Rewrite(String table, RowMapping<T> mapping, Map<String, List<T>> partitions) {
            this(table, mapping, partitions, new ConcurrentHashMap<>());
        }

        void write(ArrowTable arrow, String partition, BufferAllocator allocator) throws IOException {
            List<T> rows = partitions.get(partition);
            if (!rows.isEmpty()) {
                files.put(partition, WarehouseRefinery.write(arrow, partition, mapping, rows, allocator));
            }
        }
    }

    private void writeFiles(List<Rewrite<?>> rewrites) throws IOException {
        List<Runnable> jobs = new ArrayList<>();
        for (Rewrite<?> rewrite : rewrites) {
            ArrowTable arrow = tables.get(rewrite.table());
            for (String partition : rewrite.partitions().keySet()) {
                jobs.add(() -> {
                    try {
                        rewrite.write(arrow, partition, allocator);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        try {
            jobs.parallelStream().forEach(Runnable::run);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Commits a version of the table whose files of the rewritten partitions are replaced by the new ones; with no
     * partition to rewrite it still commits, so every table says which bronze version it reflects.
     */
    private void commit(Rewrite<?> rewrite, TableManifest.Watermark watermark) throws IOException {
        ArrowTable arrow = tables.get(rewrite.table());
        if (rewrite.partitions().isEmpty() && arrow.current().watermark().sourceVersion() == watermark.sourceVersion()) {
            return;
        }
        List<String> removed = arrow.current().files().stream()
                .filter(f -> rewrite.partitions().containsKey(f.partition())).map(DataFile::path).toList();
        arrow.commit(TableManifest.Operation.REPLACE, List.copyOf(new TreeMap<>(rewrite.files()).values()), removed,
                watermark);
    }

    private static <T> DataFile write(ArrowTable table, String partition, RowMapping<T> mapping, List<T> rows,
                                      BufferAllocator allocator) throws IOException {
        try (DataFileWriter file = table.newFile(partition, allocator)) {
            for (int from = 0; from < rows.size(); from += ROWS_PER_BATCH) {
                mapping.write(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_BATCH)), file.root());
                file.writeBatch();
            }
            return file.finish();
        }
    }

    /** Indexes silver by partition, and marks every partition for rewriting when {@code everything}. */
    private void index(boolean everything) {
        for (SilverProduct product : silver.productsInAnyOrder()) { // the sets sort them
            productsByBucket.computeIfAbsent(bucket(product.productId()), b -> new TreeSet<>()).add(product.productId());
        }
        for (SilverOrder order : silver.ordersInAnyOrder()) {
            ordersByDay.computeIfAbsent(order.orderDate(), d -> new TreeSet<>()).add(order.orderId());
        }
        if (everything) {
            dirtyBuckets.addAll(productsByBucket.keySet());
            dirtyOrderDays.addAll(ordersByDay.keySet());
            dirtyFactDays.addAll(ordersByDay.keySet());
            dirtyView = true;
        }
    }

    /** A stable bucket: String.hashCode is specified by the JLS, so the same id lands in the same file everywhere. */
    static String bucket(String id) {
        return "bucket=%02d".formatted(Math.floorMod(id.hashCode(), BUCKETS));
    }

    static String datePartition(LocalDate day) {
        return "order_date=" + day;
    }

    Silver silver() {
        return silver;
    }

    Gold gold() {
        return gold;
    }
}
