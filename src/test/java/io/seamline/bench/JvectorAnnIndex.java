package io.seamline.bench;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A jvector 4 in-memory graph ({@code GraphIndexBuilder}, full-precision vectors, exact dot-product scores) searched
 * with {@code GraphSearcher.search(scores, k, candidates, 0, 0, Bits.ALL)}: the search keeps the best
 * {@code candidates} nodes it has met (its rerankK / beam) and returns the top {@code k} of them.
 */
final class JvectorAnnIndex implements AnnIndex {

    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    /** The builder's knobs beside M and beam width: jvector's levers. */
    record Options(float neighborOverflow, float alpha, boolean addHierarchy, boolean refineFinalGraph,
                   boolean pruning) {
        /** The sweep's settings: jvector's documented overflow and alpha, the flat (Vamana) graph, refined. */
        static final Options SWEEP = new Options(1.2f, 1.2f, false, true, true);

        String describe() {
            return "overflow %.1f, alpha %.1f, hierarchy %s, refine %s, pruning %s".formatted(neighborOverflow, alpha,
                    addHierarchy ? "on" : "off", refineFinalGraph ? "on" : "off", pruning ? "on" : "off");
        }
    }

    private final RandomAccessVectorValues vectors;
    private final GraphIndexBuilder builder;
    private final ImmutableGraphIndex graph;
    private final GraphSearcher searcher;
    private final double buildSeconds;

    JvectorAnnIndex(float[][] base, int maxDegree, int beamWidth, Options options) {
        List<VectorFloat<?>> list = new ArrayList<>(base.length);
        for (float[] v : base) {
            list.add(VECTORS.createFloatVector(v));
        }
        vectors = new ListRandomAccessVectorValues(list, base[0].length);
        long t = System.nanoTime();
        BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(vectors,
                VectorSimilarityFunction.DOT_PRODUCT);
        builder = new GraphIndexBuilder(scores, vectors.dimension(), maxDegree, beamWidth, options.neighborOverflow(),
                options.alpha(), options.addHierarchy(), options.refineFinalGraph());
        graph = builder.build(vectors);
        buildSeconds = BenchLog.secondsSince(t);
        searcher = new GraphSearcher(graph);
        searcher.usePruning(options.pruning());
    }

    /** Replaces the search-time pruning setting without rebuilding. */
    void usePruning(boolean pruning) {
        searcher.usePruning(pruning);
    }

    @Override
    public double buildSeconds() {
        return buildSeconds;
    }

    @Override
    public int search(float[] query, int k, int candidates, int[] out) {
        DefaultSearchScoreProvider scores = DefaultSearchScoreProvider.exact(VECTORS.createFloatVector(query),
                VectorSimilarityFunction.DOT_PRODUCT, vectors);
        SearchResult result = searcher.search(scores, k, candidates, 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] nodes = result.getNodes();
        int n = Math.min(k, nodes.length);
        for (int i = 0; i < n; i++) {
            out[i] = nodes[i].node;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        searcher.close();
        builder.close();
    }
}
