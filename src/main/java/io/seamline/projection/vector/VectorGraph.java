package io.seamline.projection.vector;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodeArray;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The jvector graph over the searchable products: one node per distinct vector, holding the products of that vector.
 * An update adds a new node (or joins the node of its new vector) and leaves the old one; a node no product holds any
 * more is marked deleted, filtered out of every search at once, and removed from the graph at the next
 * {@link #cleanUp()}. One writer at a time (the caller locks); searches may run alongside.
 */
final class VectorGraph {

    /** Unit vectors: the dot product is the cosine, and cheaper. Scores come back as (1 + cos) / 2. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    /** A graph hit: the product and its score. */
    record Hit(String productId, float score) {
    }

    /** A vector's exact values as a map key: products with one text have one vector, and share its node. */
    private record VectorKey(float[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof VectorKey key && Arrays.equals(values, key.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    /** A live node: its vector and its products, sorted by id as exact search breaks ties; replaced, never changed. */
    private record Node(VectorKey vector, String[] productIds) {
    }

    private final VectorParams params;
    private final OrdinalVectors vectors;
    private final GraphIndexBuilder builder;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final Map<VectorKey, Integer> nodesByVector = new HashMap<>();
    private final GraphEntries entries = new GraphEntries();
    private volatile Node[] nodes;
    private int nextOrdinal;
    private int pendingDeletes;

    private VectorGraph(int dimension, VectorParams params, int capacity) {
        this.params = params;
        this.vectors = new OrdinalVectors(dimension, capacity);
        this.nodes = new Node[Math.max(16, capacity)];
        // no hierarchy: a flat Vamana graph saves and loads as one neighbour list per node; the hierarchy pays off
        // only far beyond a shop catalogue's size
        this.builder = new GraphIndexBuilder(vectors, SIMILARITY, params.maxDegree(), params.beamWidth(),
                params.neighborOverflow(), params.alpha(), false);
    }

    static VectorGraph empty(int dimension, VectorParams params) {
        return new VectorGraph(dimension, params, 16);
    }

    /**
     * A graph over these products (in the order given), the distinct vectors at dense ordinals 0..n-1 in order of
     * first appearance, inserted one after the other: jvector's concurrent inserts left a node of a small rebuilt
     * graph unreachable now and then (VectorCompactionTest missed a product in 9 of 30 runs, none inserted in order),
     * and the same vectors now always give the same graph.
     */
    static VectorGraph build(int dimension, VectorParams params, List<String> ids, List<float[]> vectorsInOrder) {
        VectorGraph graph = new VectorGraph(dimension, params, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            VectorKey key = new VectorKey(vectorsInOrder.get(i));
            Integer ordinal = graph.nodesByVector.get(key);
            graph.join(ids.get(i), ordinal == null ? graph.nextOrdinal++ : ordinal, key);
        }
        IntStream.range(0, graph.nextOrdinal).forEach(graph::insert);
        return graph;
    }

    /**
     * The graph saved by {@link #save} over these products at their saved ordinals; neighbours are read, not searched
     * for again, so loading costs one score per edge. Empty when one vector sits at several ordinals (saved before
     * products of one vector shared a node): the caller rebuilds such a graph.
     */
    static Optional<VectorGraph> load(int dimension, VectorParams params, Map<String, Integer> ordinalsByProduct,
                                      Function<String, float[]> vectorOf, ByteBuffer saved) {
        int upper = ordinalsByProduct.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        VectorGraph graph = new VectorGraph(dimension, params, upper);
        for (Map.Entry<String, Integer> entry : new TreeMap<>(ordinalsByProduct).entrySet()) {
            VectorKey key = new VectorKey(vectorOf.apply(entry.getKey()));
            Integer shared = graph.nodesByVector.get(key);
            if (shared != null && !shared.equals(entry.getValue())) {
                return Optional.empty();
            }
            graph.join(entry.getKey(), entry.getValue(), key);
        }
        graph.nextOrdinal = upper;
        if (!ordinalsByProduct.isEmpty()) {
            graph.readNeighbours(saved);
            graph.onHeap().nodeStream(0).sorted().forEach(node -> graph.entries.consider(node, graph.vectors));
        }
        return Optional.of(graph);
    }

    /** Puts the product at the node of this ordinal, creating the node (with the vector) if it has none yet. */
    private void join(String productId, int ordinal, VectorKey key) {
        if (ordinal >= nodes.length) {
            nodes = Arrays.copyOf(nodes, Math.max(ordinal + 1, nodes.length * 2));
        }
        Node node = nodes[ordinal];
        if (node == null) {
            vectors.set(ordinal, key.values());
            nodesByVector.put(key, ordinal);
            nodes[ordinal] = new Node(key, new String[] {productId});
        } else {
            String[] ids = Arrays.copyOf(node.productIds(), node.productIds().length + 1);
            ids[ids.length - 1] = productId;
            Arrays.sort(ids);
            nodes[ordinal] = new Node(key, ids);
        }
        ordinals.put(productId, ordinal);
    }

    void add(String productId, float[] vector) {
        remove(productId);
        VectorKey key = new VectorKey(vector);
        Integer shared = nodesByVector.get(key);
        if (shared != null) {
            // the same text as products already in the graph: one node for all of them, or their crowd of identical
            // vectors would fill an insert's candidate beam with ties and leave the new node linked to it alone
            join(productId, shared, key);
            return;
        }
        if (pendingDeletes > 0 && pendingDeletes * 10L >= nodesByVector.size()) {
            // an insert links only to live candidates: among mostly deleted nodes it would find too few, or none at
            // all, and end up unreachable; purging first keeps every new node connected
            cleanUp();
        }
        int ordinal = nextOrdinal++;
        join(productId, ordinal, key);
        insert(ordinal);
    }

    /**
     * Links the node at {@code ordinal} into the graph, its neighbours searched for from the entry nearest it (not
     * the graph's one entry, which may sit in a crowd it cannot find its way out of), and takes it as an entry itself
     * when it is unlike every entry so far.
     */
    private void insert(int ordinal) {
        ImmutableGraphIndex.NodeAtLevel entry = onHeap().entryNode();
        if (entry != null) {
            builder.setEntryPoint(0, entries.nearest(vectors.getVector(ordinal), vectors, entry.node));
        }
        builder.addGraphNode(ordinal, vectors);
        entries.consider(ordinal, vectors);
    }

    /** Unfindable at once; a node left without products is filtered out of searches and leaves at the next {@link #cleanUp()}. */
    void remove(String productId) {
        Integer ordinal = ordinals.remove(productId);
        if (ordinal == null) {
            return;
        }
        Node node = nodes[ordinal];
        if (node.productIds().length > 1) {
            nodes[ordinal] = new Node(node.vector(), Arrays.stream(node.productIds())
                    .filter(id -> !id.equals(productId)).toArray(String[]::new));
            return;
        }
        nodes[ordinal] = null;
        nodesByVector.remove(node.vector());
        builder.markNodeDeleted(ordinal);
        pendingDeletes++;
    }

    /**
     * Removes deleted nodes and reconnects their neighbours, then prunes neighbour lists that inserts let overflow
     * back to the maximum degree, as jvector's own clean-up does before a save: a loaded list counts as pruned
     * already, and one saved overflowing would drop every later backlink beyond its first M. A saved graph must have
     * been through this.
     */
    void cleanUp() {
        OnHeapGraphIndex graph = onHeap();
        if (pendingDeletes > 0) {
            var deleted = graph.getDeletedNodes().copy();
            builder.removeDeletedNodes();
            for (int ordinal = 0; ordinal < vectors.size(); ordinal++) {
                if (deleted.get(ordinal)) {
                    vectors.set(ordinal, null); // nothing scores against a removed node any more
                }
            }
            pendingDeletes = 0;
            entries.retain(ordinal -> !deleted.get(ordinal));
        }
        graph.nodeStream(0).forEach(graph::enforceDegree);
    }

    /** Searchable products (a node holds one or more). */
    int size() {
        return ordinals.size();
    }

    /** Ordinals handed out so far: removed nodes keep theirs (jvector does not reuse ids), so this only grows. */
    int ordinalUpperBound() {
        return nextOrdinal;
    }

    /** Each searchable product's node, as saved beside its vector. */
    Map<String, Integer> ordinalsByProduct() {
        return new HashMap<>(ordinals);
    }

    List<Hit> search(float[] query, int k) {
        return search(query, k, id -> true);
    }

    /** The nearest {@code k} live products that {@code accept} takes, the predicate applied during the walk. */
    List<Hit> search(float[] query, int k, Predicate<String> accept) {
        if (ordinals.isEmpty() || k <= 0) {
            return List.of();
        }
        Node[] at = nodes;
        // only nodes holding a live, accepted product: a deleted or superseded node is never an answer
        Bits live = ordinal -> ordinal < at.length && at[ordinal] != null && holdsAccepted(at[ordinal], accept);
        int topK = Math.max(k, params.searchCandidates());
        VectorFloat<?> vector = vectors.vector(query);
        ImmutableGraphIndex graph = builder.getGraph();
        SearchResult result;
        int entry = entries.nearest(vector, vectors, onHeap().entryNode().node);
        try (GraphSearcher searcher = WalkFrom.searcher(graph, entry)) {
            result = searcher.search(DefaultSearchScoreProvider.exact(vector, SIMILARITY, vectors), topK, live);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Hit> hits = new ArrayList<>(Math.min(k, result.getNodes().length));
        for (SearchResult.NodeScore found : result.getNodes()) {
            for (String id : at[found.node].productIds()) {
                if (accept.test(id)) {
                    hits.add(new Hit(id, found.score));
                    if (hits.size() == k) {
                        return hits;
                    }
                }
            }
        }
        return hits;
    }

    private static boolean holdsAccepted(Node node, Predicate<String> accept) {
        for (String id : node.productIds()) {
            if (accept.test(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Saves the entry node and every node's neighbour list; call {@link #cleanUp()} first. Our own layout over
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
