package io.seamline.projection.vector;

import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.consume.SequenceGuard;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.ModelKey;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The semantic read model: product texts embedded into a jvector graph, fed batches of events and asked queries.
 * Applies an event only when its sequence is newer than the product's (at-least-once made idempotent), keeps the
 * vectors so a graph rebuild or an unchanged-text update never re-embeds, and persists to its directory
 * incrementally: a checkpoint appends the products changed since the last one and the Kafka offsets after them to a
 * change log ({@link ChangeLog}), and a full snapshot of vectors and graph ({@link VectorFiles}) is written only when
 * that log has grown as large as the snapshot it follows, by the flush thread and outside the writer's lock. One
 * writer (the consumer) at a time; searches run concurrently and see whole batches.
 */
public final class VectorIndex implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VectorIndex.class);
    /** Below this many spent ordinals a sparse graph costs too little memory to be worth a rebuild. */
    private static final int COMPACT_SLACK = 1024;
    /**
     * A snapshot is written once the log's records take this many times the bytes of the snapshot's vectors.bin.
     * At 1, full snapshots add at most as many bytes as the checkpoints appended (writes stay O(changes) amortised,
     * about twice what was changed), and opening replays at most one snapshot's worth of changes: no more graph
     * inserts than rebuilding the graph from the vectors costs, which opening already does when graph.bin is stale.
     */
    static final double LOG_BOUND = 1.0;

    private final VectorFiles files;
    private final VectorParams params;
    private final TextEmbedder embedder;
    private final int dimension;
    /** Every product seen, tombstones included; mutated only by the writer under the write lock. */
    private final Map<String, StoredProduct> products;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private VectorGraph graph;
    private volatile StoredPosition position;
    private long epoch;
    private boolean graphRebuiltOnOpen;
    private boolean dirty;
    private long lastCheckpointNanos = System.nanoTime();
    /** Products changed since the last checkpoint, in their state now (null: forgotten), in order of first change. */
    private final Map<String, StoredProduct> unsaved = new LinkedHashMap<>();
    private ChangeLog log;
    /** The size of the snapshot's vectors.bin, what the log is measured against. */
    private long snapshotBytes;
    /** The newest epoch a snapshot was begun with; a failed one's epoch is never used again. */
    private long epochsBegun;
    /** Records checkpointed while a snapshot is written outside the lock; they start its log. Null otherwise. */
    private List<byte[]> carried;
    /** The log no longer covers what memory holds (a failed append or snapshot): the next checkpoint is a snapshot. */
    private boolean needsSnapshot;

    private VectorIndex(VectorFiles files, VectorParams params, TextEmbedder embedder, Map<String, StoredProduct> products,
                        VectorGraph graph, StoredPosition position, long epoch) {
        this.files = files;
        this.params = params;
        this.embedder = embedder;
        this.dimension = embedder.dimension();
        this.products = products;
        this.graph = graph;
        this.position = position;
        this.epoch = epoch;
        this.epochsBegun = epoch;
    }

    /**
     * Opens the index saved in {@code dir} (a new, empty one if there is none): its snapshot, loading or rebuilding
     * the graph, then the change log's records in order, each product linked into the graph as {@link #apply} does.
     */
    public static VectorIndex open(Path dir, VectorParams params, TextEmbedder embedder) throws IOException {
        VectorIndex index = openSnapshot(dir, params, embedder);
        index.replayLog();
        return index;
    }

    private static VectorIndex openSnapshot(Path dir, VectorParams params, TextEmbedder embedder) throws IOException {
        VectorFiles files = new VectorFiles(dir);
        Optional<VectorFiles.Vectors> saved = files.readVectors();
        if (saved.isEmpty()) {
            return new VectorIndex(files, params, embedder, new HashMap<>(), VectorGraph.empty(embedder.dimension(), params),
                    StoredPosition.START, 0);
        }
        VectorFiles.Vectors vectors = saved.get();
        if (vectors.dimension() != embedder.dimension()) {
            throw new IOException(files.vectorsFile() + " holds " + vectors.dimension() + "-d vectors, the embedder makes "
                    + embedder.dimension() + "-d ones: rebuild the index from the log");
        }
        Map<String, StoredProduct> products = new HashMap<>();
        vectors.products().forEach(p -> products.put(p.productId(), p));
        // read before the graph: the offsets were written last, so they never run ahead of the vectors
        StoredPosition position = files.readPosition();
        VectorIndex index = new VectorIndex(files, params, embedder, products, null, position, vectors.epoch());
        Optional<VectorGraph> loaded = files.readGraph(vectors.epoch()).flatMap(neighbours -> VectorGraph.load(
                embedder.dimension(), params, vectors.ordinals(), id -> products.get(id).vector(), neighbours));
        if (loaded.isPresent()) {
            index.graph = loaded.get();
        } else {
            LOG.infof("vector graph in %s missing, stale or with one vector at several nodes: rebuilding it from %d "
                    + "stored vectors", dir, products.size());
            index.graph = index.buildGraph();
            index.graphRebuiltOnOpen = true;
        }
        index.snapshotBytes = Files.size(files.vectorsFile());
        return index;
    }

    /** The log records following the snapshot, in order; the position is the last one's. */
    private void replayLog() throws IOException {
        ChangeLog.Opened opened = ChangeLog.open(files.changesFile(), epoch, dimension);
        log = opened.log();
        for (byte[] payload : opened.payloads()) {
            VectorFiles.Changes changes = VectorFiles.decodeChanges(payload, dimension);
            changes.changed().forEach(this::place);
            position = changes.position();
        }
        if (!opened.payloads().isEmpty()) {
            LOG.debugf("vector index in %s: %d change records replayed onto the snapshot of epoch %d", files.dir(),
                    opened.payloads().size(), epoch);
        }
    }

    /** Applies a batch of consumed events: order events are ignored, product texts are embedded in one call. */
    public synchronized void apply(List<ConsumedEvent> batch) throws IOException {
        Map<String, StoredProduct> changed = new LinkedHashMap<>();
        for (ConsumedEvent consumed : batch) {
            if (consumed.event() instanceof ProductEvent event) {
                StoredProduct stored = changed.getOrDefault(event.productId(), products.get(event.productId()));
                StoredProduct next = fold(stored, event, consumed.envelope().sequence());
                if (next != null) {
                    changed.put(event.productId(), next);
                }
            }
        }
        embedMissing(changed);
        lock.writeLock().lock();
        try {
            changed.forEach(this::place);
            unsaved.putAll(changed);
            position = position.after(batch);
            dirty = true;
        } finally {
            lock.writeLock().unlock();
        }
        checkpointIfDue();
    }

    /** Moves the position past records the consumer refused; the next checkpoint stores it. */
    public synchronized void passedOver(Map<Integer, Long> nextOffsets) {
        StoredPosition next = position.passing(nextOffsets);
        if (!next.equals(position)) {
            position = next;
            dirty = true;
        }
    }

    /** Forgets a product entirely (reconciliation: the event store has no such product). */
    public synchronized void remove(String productId) throws IOException {
        lock.writeLock().lock();
        try {
            if (products.containsKey(productId)) {
                place(productId, null);
                unsaved.put(productId, null);
                dirty = true;
            }
        } finally {
            lock.writeLock().unlock();
        }
        checkpointIfDue();
    }

    /**
     * A product's new state in the products and the graph (null: forgotten): a product that is no longer searchable
     * leaves the graph, one with a new vector (a changed text) gets a new node, the old one going; one whose vector
     * is unchanged (a price change, a replayed record of it) keeps its node.
     */
    private void place(String productId, StoredProduct next) {
        StoredProduct before = next == null ? products.remove(productId) : products.put(productId, next);
        if (next == null || !next.searchable()) {
            graph.remove(productId);
        } else if (before == null || !Arrays.equals(before.vector(), next.vector())) {
            graph.add(productId, next.vector());
        }
    }

    /** Checkpoints when something is unsaved and the flush interval has passed since the last checkpoint. */
    public synchronized void checkpointIfDue() throws IOException {
        if ((dirty || needsSnapshot) && System.nanoTime() - lastCheckpointNanos >= params.flushInterval().toNanos()) {
            checkpoint();
        }
    }

    /**
     * Writes a full snapshot when the change log has outgrown its bound ({@link #LOG_BOUND}) or no longer covers
     * memory; for the flush thread, so the consumer goes on applying meanwhile.
     */
    public void compactIfDue() throws IOException {
        synchronized (this) {
            if (carried != null || !(needsSnapshot || log.recordBytes() > LOG_BOUND * snapshotBytes)) {
                return;
            }
        }
        compact();
    }

    /** The product after the event, or null when the event changes nothing (a redelivery or an update of nothing known). */
    private static StoredProduct fold(StoredProduct stored, ProductEvent event, long sequence) {
        long storedSequence = stored == null ? SequenceGuard.NONE : stored.sequence();
        SequenceGuard.Decision decision = SequenceGuard.decide(storedSequence, sequence);
        if (decision == SequenceGuard.Decision.SKIP) {
            return null;
        }
        if (stored != null && stored.discontinued()) {
            return null; // discontinued is final: nothing after it may bring the product back
        }
        if (decision == SequenceGuard.Decision.GAP) {
            // applied anyway: an event of the product is missing, and the newest words are still the best vector
            LOG.warnf("vector index: product %s jumps from sequence %d to %d", event.productId(), storedSequence, sequence);
        }
        return switch (event) {
            case ProductCreatedEvent e -> StoredProduct.created(e.productId(), sequence, e.title(), e.description(),
                    e.category(), e.price());
            case ProductUpdatedEvent e -> {
                if (stored == null) {
                    LOG.warnf("vector index: update %d of unknown product %s skipped", sequence, e.productId());
                    yield null;
                }
                yield stored.updated(sequence, e);
            }
            case ProductDiscontinuedEvent e -> stored == null
                    ? StoredProduct.tombstone(e.productId(), sequence)
                    : stored.discontinuedAt(sequence);
        };
    }

    /** Embeds the texts of changed products that have no vector yet, all in one call, each distinct text once. */
    private void embedMissing(Map<String, StoredProduct> changed) {
        Map<Long, String> texts = new LinkedHashMap<>();
        changed.values().forEach(p -> {
            if (!p.discontinued() && p.vector() == null) {
                texts.putIfAbsent(p.textHash(), p.text());
            }
        });
        if (texts.isEmpty()) {
            return;
        }
        List<Long> hashes = new ArrayList<>(texts.keySet());
        List<float[]> vectors = embedder.embedAll(new ArrayList<>(texts.values()));
        Map<Long, float[]> byHash = new HashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            byHash.put(hashes.get(i), vectors.get(i));
        }
        changed.replaceAll((id, p) -> !p.discontinued() && p.vector() == null ? p.withVector(byHash.get(p.textHash())) : p);
    }

    /** Semantic search: the query embedded, then the graph searched. */
    public VectorAnswer search(String query, int k) {
        return search(embedder.embed(query), k);
    }

    /** The nearest {@code k} products of a unit vector. */
    public VectorAnswer search(float[] vector, int k) {
        return search(vector, k, SearchFilter.NONE);
    }

    /**
     * The nearest products of a unit vector; never a discontinued or superseded one. A small catalogue is scored
     * exactly (every vector, well under a millisecond at the demo's size); from {@code exactSearchBelow} products on,
     * the graph answers approximately, as Weaviate's dynamic index and Qdrant's full-scan threshold do.
     */
    public VectorAnswer search(float[] vector, int k, SearchFilter filter) {
        return count() < params.exactSearchBelow() ? exact(vector, k, filter) : graphSearch(vector, k, filter);
    }

    /** Approximate nearest products by walking the graph, whatever the catalogue's size. */
    VectorAnswer graphSearch(float[] vector, int k) {
        return graphSearch(vector, k, SearchFilter.NONE);
    }

    /**
     * Approximate nearest products that pass the filter, by walking the graph, whatever the catalogue's size. The
     * filter is the graph search's accepted-ordinals set: the walk passes through products it rejects but returns k
     * that pass, so a narrow filter does not end up with fewer hits than a filter applied to the results would.
     */
    VectorAnswer graphSearch(float[] vector, int k, SearchFilter filter) {
        lock.readLock().lock();
        try {
            List<VectorHit> hits = graph.search(vector, k, id -> !filter.narrows() || products.get(id).passes(filter))
                    .stream()
                    .map(h -> new VectorHit(h.productId(), h.score())).toList();
            return new VectorAnswer(hits, position);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The exact nearest products by brute force over the stored vectors: the truth recall is measured against. */
    public VectorAnswer exact(float[] vector, int k) {
        return exact(vector, k, SearchFilter.NONE);
    }

    /** The exact nearest products that pass the filter, scoring only those. */
    public VectorAnswer exact(float[] vector, int k, SearchFilter filter) {
        lock.readLock().lock();
        try {
            // ties (products with the same text have the same vector) go to the smaller id, so the answer is the
            // same whatever order the products are held in
            PriorityQueue<VectorHit> best = new PriorityQueue<>(Comparator.comparingDouble(VectorHit::score)
                    .thenComparing(VectorHit::productId, Comparator.reverseOrder()));
            for (StoredProduct p : products.values()) {
                if (p.passes(filter)) {
                    best.add(new VectorHit(p.productId(), VectorMath.score(vector, p.vector())));
                    if (best.size() > k) {
                        best.poll();
                    }
                }
            }
            List<VectorHit> hits = new ArrayList<>(best);
            hits.sort(Comparator.comparingDouble(VectorHit::score).reversed().thenComparing(VectorHit::productId));
            return new VectorAnswer(hits, position);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The similarity of a searchable product to a unit vector, as a search scores it; empty for another product. */
    public Optional<Float> score(float[] vector, String productId) {
        lock.readLock().lock();
        try {
            StoredProduct p = products.get(productId);
            return p != null && p.searchable() ? Optional.of(VectorMath.score(vector, p.vector())) : Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The embedding of a text, as queries are embedded. */
    public float[] embed(String text) {
        return embedder.embed(text);
    }

    /** How many products are searchable. */
    public int count() {
        lock.readLock().lock();
        try {
            return graph.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether a search can return the product (it is known and not discontinued). */
    public boolean contains(String productId) {
        lock.readLock().lock();
        try {
            StoredProduct p = products.get(productId);
            return p != null && p.searchable();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The stored vector of a searchable product. */
    public Optional<float[]> vectorOf(String productId) {
        lock.readLock().lock();
        try {
            StoredProduct p = products.get(productId);
            return p != null && p.searchable() ? Optional.of(p.vector().clone()) : Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every product held with its sequence, tombstones included, by id: what reconciliation compares with the log. */
    public List<ModelKey> listing() {
        lock.readLock().lock();
        try {
            TreeMap<String, ModelKey> sorted = new TreeMap<>();
            products.values().forEach(p -> sorted.put(p.productId(),
                    new ModelKey(p.productId(), p.sequence(), !p.discontinued())));
            return List.copyOf(sorted.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Vectors by text hash, for a rebuild that should not embed again what this index already has. */
    public Map<Long, float[]> vectorsByTextHash() {
        lock.readLock().lock();
        try {
            Map<Long, float[]> byHash = new HashMap<>();
            products.values().forEach(p -> {
                if (p.vector() != null) {
                    byHash.put(p.textHash(), p.vector());
                }
            });
            return byHash;
        } finally {
            lock.readLock().unlock();
        }
    }

    public StoredPosition position() {
        return position;
    }

    /** Ordinals the graph has handed out (live and spent), to see compaction. */
    int ordinalUpperBound() {
        return graph.ordinalUpperBound();
    }

    /** Whether opening had to rebuild the graph from the vectors (its file was missing or of another checkpoint). */
    boolean graphRebuiltOnOpen() {
        return graphRebuiltOnOpen;
    }

    public Path dir() {
        return files.dir();
    }

    /** Rebuilds the graph from the stored vectors (compact ordinals, no deleted nodes), embedding nothing, and saves it. */
    public void rebuildGraph() throws IOException {
        synchronized (this) {
            VectorGraph rebuilt = buildGraph();
            lock.writeLock().lock();
            try {
                graph = rebuilt;
            } finally {
                lock.writeLock().unlock();
            }
        }
        compact();
    }

    private VectorGraph buildGraph() {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        new TreeMap<>(products).forEach((id, p) -> { // sorted: the same vectors give the same ordinals
            if (p.searchable()) {
                ids.add(id);
                vectors.add(p.vector());
            }
        });
        return VectorGraph.build(dimension, params, ids, vectors);
    }

    /**
     * Appends the products changed since the last checkpoint and the position after them to the change log, forced to
     * disk: bytes in proportion to what changed, not to the catalogue. While a snapshot is being written the record
     * waits in memory and starts the snapshot's log (a crash meanwhile replays it from older offsets). Packs sparse
     * ordinals as it goes (see {@link #COMPACT_SLACK}); the graph's clean-up is left to the snapshot.
     */
    public synchronized void checkpoint() throws IOException {
        lastCheckpointNanos = System.nanoTime();
        if (!dirty && !needsSnapshot) {
            return;
        }
        packIfSparse();
        if (needsSnapshot && carried == null) {
            VectorFiles.Snapshot snapshot = capture();
            boolean written = false;
            try {
                files.writeSnapshot(snapshot);
                written = true;
            } finally {
                finish(snapshot, written);
            }
            return;
        }
        byte[] record = VectorFiles.encodeChanges(unsaved, position);
        if (carried != null) {
            carried.add(record);
        } else {
            try {
                log.append(record);
            } catch (IOException e) {
                needsSnapshot = true; // a record may be half on disk: nothing appended after it would be read
                throw e;
            }
        }
        unsaved.clear();
        dirty = false;
    }

    /**
     * Writes a full snapshot of vectors, graph and offsets (new epoch) and starts a fresh change log. The state is
     * captured under the lock (the graph cleaned up, deleted nodes purged; its neighbour lists serialised in memory),
     * the files are written after it is released: the consumer keeps applying and searches keep answering meanwhile.
     */
    public void compact() throws IOException {
        VectorFiles.Snapshot snapshot;
        synchronized (this) {
            awaitSnapshotWritten();
            packIfSparse();
            snapshot = capture();
        }
        boolean written = false;
        try {
            files.writeSnapshot(snapshot);
            written = true;
        } finally {
            synchronized (this) {
                finish(snapshot, written);
            }
        }
    }

    /** Every ordinal spent by re-embedding updates holds memory; once most are spent a rebuild packs them densely. */
    private void packIfSparse() {
        if (graph.ordinalUpperBound() > 2 * graph.size() + COMPACT_SLACK) {
            VectorGraph packed = buildGraph(); // the stored vectors, nothing embedded
            lock.writeLock().lock();
            try {
                graph = packed;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** What a snapshot writes, taken while this thread is the writer; searches wait only for the graph's clean-up. */
    private VectorFiles.Snapshot capture() throws IOException {
        lock.writeLock().lock();
        try {
            graph.cleanUp(); // a saved graph must be cleaned up (VectorGraph#cleanUp)
        } finally {
            lock.writeLock().unlock();
        }
        VectorFiles.Snapshot snapshot = new VectorFiles.Snapshot(++epochsBegun, dimension,
                List.copyOf(products.values()), graph.ordinalsByProduct(), VectorFiles.neighbours(graph), position);
        unsaved.clear();
        dirty = false;
        carried = new ArrayList<>();
        lastCheckpointNanos = System.nanoTime();
        return snapshot;
    }

    /** After a snapshot: its log begins with what was checkpointed meanwhile; a failed one makes the next a snapshot. */
    private void finish(VectorFiles.Snapshot snapshot, boolean written) throws IOException {
        List<byte[]> since = carried;
        carried = null;
        notifyAll();
        if (!written) {
            needsSnapshot = true; // what the capture took off the unsaved products is in no file
            return;
        }
        try {
            log.restart(snapshot.epoch(), since);
        } catch (IOException e) {
            needsSnapshot = true;
            throw e;
        }
        epoch = snapshot.epoch();
        snapshotBytes = Files.size(files.vectorsFile());
        needsSnapshot = false;
    }

    private void awaitSnapshotWritten() throws InterruptedIOException {
        while (carried != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for a vector snapshot to be written");
            }
        }
    }

    /** Bytes of change records since the snapshot, to see the log grow and restart. */
    synchronized long loggedBytes() {
        return log.recordBytes();
    }

    /** The epoch of the snapshot the index's files start from. */
    synchronized long epoch() {
        return epoch;
    }

    /**
     * Saves everything as a snapshot, if anything is in the change log or unsaved, so the next open loads it without
     * replaying; the index stays readable and writable in memory.
     */
    @Override
    public void close() {
        try {
            boolean toSave;
            synchronized (this) {
                awaitSnapshotWritten();
                toSave = dirty || needsSnapshot || log.records() > 0;
            }
            if (toSave) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
