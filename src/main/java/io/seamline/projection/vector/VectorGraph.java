package io.seamline.projection.vector;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodeArray;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The jvector graph over the searchable products, with the product id of each ordinal. An update adds a new node and
 * marks the old one deleted; deleted and freed ordinals are filtered out of every search at once, and removed from
 * the graph at the next {@link #purgeDeleted()}. One writer at a time (the caller locks); searches may run alongside.
 */
final class VectorGraph {

    /** Unit vectors: the dot product is the cosine, and cheaper. Scores come back as (1 + cos) / 2. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    /** A graph hit: the product and its score. */
    record Hit(String productId, float score) {
    }

    private final VectorParams params;
    private final OrdinalVectors vectors;
    private final GraphIndexBuilder builder;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private volatile String[] productIds;
    private int nextOrdinal;
    private int pendingDeletes;

    private VectorGraph(int dimension, VectorParams params, int capacity) {
        this.params = params;
        this.vectors = new OrdinalVectors(dimension, capacity);
        this.productIds = new String[Math.max(16, capacity)];
        // no hierarchy: a flat Vamana graph saves and loads as one neighbour list per node; the hierarchy pays off
        // only far beyond a shop catalogue's size
        this.builder = new GraphIndexBuilder(vectors, SIMILARITY, params.maxDegree(), params.beamWidth(),
                params.neighborOverflow(), params.alpha(), false);
    }

    static VectorGraph empty(int dimension, VectorParams params) {
        return new VectorGraph(dimension, params, 16);
    }

    /** A graph over these vectors at dense ordinals 0..n-1 (in the order given), inserted in parallel. */
    static VectorGraph build(int dimension, VectorParams params, List<String> ids, List<float[]> vectorsInOrder) {
        VectorGraph graph = new VectorGraph(dimension, params, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            graph.assign(ids.get(i), i, vectorsInOrder.get(i));
        }
        graph.nextOrdinal = ids.size();
        IntStream.range(0, ids.size()).parallel().forEach(i -> graph.builder.addGraphNode(i, graph.vectors));
        return graph;
    }

    /**
     * The graph saved by {@link #save} over these vectors at their saved ordinals; neighbours are read, not searched
     * for again, so loading costs one score per edge.
     */
    static VectorGraph load(int dimension, VectorParams params, Map<Integer, String> idsByOrdinal,
                            Map<Integer, float[]> vectorsByOrdinal, ByteBuffer saved) throws IOException {
        int upper = idsByOrdinal.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        VectorGraph graph = new VectorGraph(dimension, params, upper);
        idsByOrdinal.forEach((ordinal, id) -> graph.assign(id, ordinal, vectorsByOrdinal.get(ordinal)));
        graph.nextOrdinal = upper;
        if (!idsByOrdinal.isEmpty()) {
            graph.readNeighbours(saved);
        }
        return graph;
    }

    private void assign(String productId, int ordinal, float[] vector) {
        vectors.set(ordinal, vector);
        if (ordinal >= productIds.length) {
            productIds = Arrays.copyOf(productIds, Math.max(ordinal + 1, productIds.length * 2));
        }
        productIds[ordinal] = productId;
        ordinals.put(productId, ordinal);
    }

    void add(String productId, float[] vector) {
        remove(productId);
        if (pendingDeletes > 0 && pendingDeletes * 10L >= ordinals.size()) {
            // an insert links only to live candidates: among mostly deleted nodes it would find too few, or none at
            // all, and end up unreachable; purging first keeps every new node connected
            purgeDeleted();
        }
        int ordinal = nextOrdinal++;
        assign(productId, ordinal, vector);
        builder.addGraphNode(ordinal, vectors);
    }

    /** Unfindable at once (the search filter drops the ordinal); the node leaves the graph at the next purge. */
    void remove(String productId) {
        Integer ordinal = ordinals.remove(productId);
        if (ordinal == null) {
            return;
        }
        productIds[ordinal] = null;
        builder.markNodeDeleted(ordinal);
        pendingDeletes++;
    }

    /** Removes deleted nodes and reconnects their neighbours; a saved graph must have none. */
    void purgeDeleted() {
        if (pendingDeletes == 0) {
            return;
        }
        OnHeapGraphIndex graph = onHeap();
        var deleted = graph.getDeletedNodes().copy();
        builder.removeDeletedNodes();
        for (int ordinal = 0; ordinal < vectors.size(); ordinal++) {
            if (deleted.get(ordinal)) {
                vectors.set(ordinal, null); // nothing scores against a removed node any more
            }
        }
        pendingDeletes = 0;
    }

    int size() {
        return ordinals.size();
    }

    /** Ordinals handed out so far: removed nodes keep theirs (jvector does not reuse ids), so this only grows. */
    int ordinalUpperBound() {
        return nextOrdinal;
    }

    Map<Integer, String> ordinalsById() {
        Map<Integer, String> byOrdinal = new HashMap<>();
        ordinals.forEach((id, ordinal) -> byOrdinal.put(ordinal, id));
        return byOrdinal;
    }

    List<Hit> search(float[] query, int k) {
        return search(query, k, id -> true);
    }

    /** The nearest {@code k} live products that {@code accept} takes, the predicate applied during the walk. */
    List<Hit> search(float[] query, int k, Predicate<String> accept) {
        if (ordinals.isEmpty() || k <= 0) {
            return List.of();
        }
        String[] ids = productIds;
        // only ordinals that map to a live, accepted product: a deleted or superseded node is never an answer
        Bits live = ordinal -> ordinal < ids.length && ids[ordinal] != null && accept.test(ids[ordinal]);
        int topK = Math.max(k, params.searchCandidates());
        SearchResult result = GraphSearcher.search(vectors.vector(query), topK, vectors, SIMILARITY, builder.getGraph(),
                live);
        List<Hit> hits = new ArrayList<>(Math.min(k, result.getNodes().length));
        for (SearchResult.NodeScore node : result.getNodes()) {
            String id = ids[node.node];
            if (id != null) {
                hits.add(new Hit(id, node.score));
                if (hits.size() == k) {
                    break;
                }
            }
        }
        return hits;
    }

    /**
     * Saves the entry node and every node's neighbour list; call {@link #purgeDeleted()} first. Our own layout over
     * jvector's public graph API, because jvector's {@code save} freezes the graph against further inserts.
     */
    void save(DataOutput out) throws IOException {
        OnHeapGraphIndex graph = onHeap();
        int[] nodes = graph.nodeStream(0).toArray();
        out.writeInt(nodes.length == 0 ? -1 : graph.entryNode().node);
        out.writeInt(nodes.length);
        for (int node : nodes) {
            NodesIterator neighbours = graph.getNeighborsIterator(0, node);
            out.writeInt(node);
            out.writeInt(neighbours.size());
            while (neighbours.hasNext()) {
                out.writeInt(neighbours.nextInt());
            }
        }
    }

    /** Connects every saved node to its saved neighbours, scored again from the vectors (as jvector's own load does). */
    private void readNeighbours(ByteBuffer in) {
        OnHeapGraphIndex graph = onHeap();
        int entry = in.getInt();
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            int node = in.getInt();
            int size = in.getInt();
            NodeArray neighbours = new NodeArray(size);
            VectorFloat<?> vector = vectors.getVector(node);
            for (int j = 0; j < size; j++) {
                int neighbour = in.getInt();
                neighbours.insertSorted(neighbour, SIMILARITY.compare(vector, vectors.getVector(neighbour)));
            }
            graph.connectNode(0, node, neighbours);
            graph.markComplete(new ImmutableGraphIndex.NodeAtLevel(0, node));
        }
        if (entry >= 0) {
            graph.updateEntryNode(new ImmutableGraphIndex.NodeAtLevel(0, entry));
        }
    }

    private OnHeapGraphIndex onHeap() {
        return (OnHeapGraphIndex) builder.getGraph();
    }
}
