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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * vectors so a graph rebuild or an unchanged-text update never re-embeds, and checkpoints vectors, graph and Kafka
 * offsets to its directory. One writer (the consumer) at a time; searches run concurrently and see whole batches.
 */
public final class VectorIndex implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VectorIndex.class);
    /** Below this many spent ordinals a sparse graph costs too little memory to be worth a rebuild. */
    private static final int COMPACT_SLACK = 1024;

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
    }

    /** Opens the index saved in {@code dir} (a new, empty one if there is none), loading or rebuilding its graph. */
    public static VectorIndex open(Path dir, VectorParams params, TextEmbedder embedder) throws IOException {
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
        return index;
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
            changed.forEach((id, next) -> {
                StoredProduct before = products.put(id, next);
                if (!next.searchable()) {
                    graph.remove(id);
                } else if (before == null || before.vector() != next.vector()) {
                    graph.add(id, next.vector()); // a changed text: the old node goes, the new one is linked in
                }
            });
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
            if (products.remove(productId) != null) {
                graph.remove(productId);
                dirty = true;
            }
        } finally {
            lock.writeLock().unlock();
        }
        checkpointIfDue();
    }

    /** Checkpoints when something is unsaved and the flush interval has passed since the last checkpoint. */
    public synchronized void checkpointIfDue() throws IOException {
        if (dirty && System.nanoTime() - lastCheckpointNanos >= params.flushInterval().toNanos()) {
            checkpoint();
        }
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
    public synchronized void rebuildGraph() throws IOException {
        VectorGraph rebuilt = buildGraph();
        lock.writeLock().lock();
        try {
            graph = rebuilt;
            dirty = true;
        } finally {
            lock.writeLock().unlock();
        }
        checkpoint();
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
     * Saves vectors, then graph, then offsets, each file atomically. The graph is cleaned up first (deleted nodes
     * purged, overflowing neighbour lists pruned: the periodic clean-up, and what a saved graph needs); searches wait
     * only for that clean-up, not for the writing.
     */
    public synchronized void checkpoint() throws IOException {
        if (!dirty) {
            lastCheckpointNanos = System.nanoTime();
            return;
        }
        // every re-embedding update spends an ordinal for good: once most are spent, the per-ordinal arrays are
        // mostly holes, and a graph rebuilt from the stored vectors (nothing embedded) packs them densely again
        VectorGraph compacted = graph.ordinalUpperBound() > 2 * graph.size() + COMPACT_SLACK ? buildGraph() : null;
        lock.writeLock().lock();
        try {
            if (compacted != null) {
                graph = compacted;
            }
            graph.cleanUp();
        } finally {
            lock.writeLock().unlock();
        }
        long next = epoch + 1;
        // the writer is this thread (synchronized), so products and graph hold still while they are written
        files.writeVectors(next, dimension, products.values(), graph.ordinalsByProduct(), products.size());
        files.writeGraph(next, graph);
        files.writePosition(next, position);
        epoch = next;
        dirty = false;
        lastCheckpointNanos = System.nanoTime();
    }

    /** Checkpoints what is not saved yet; the index stays readable in memory. */
    @Override
    public synchronized void close() {
        try {
            checkpoint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
