package io.seamline.projection.vector;

import java.time.Duration;

/**
 * How the vector graph is built and searched ({@code seamline.vectors.*}) and how often it is checkpointed.
 *
 * @param maxDegree        neighbours per node (M): more edges, better recall, more memory and insert time
 * @param beamWidth        candidates an insert considers (construction ef)
 * @param neighborOverflow how far a neighbour list may overflow before it is pruned back to M
 * @param alpha            diversity of pruning (DiskANN's alpha): above 1 keeps longer edges
 * @param searchCandidates candidates a query keeps (search ef): results are cut to k from max(k, this)
 * @param flushInterval    at most this long between checkpoints to disk (and what a crash replays)
 * @param exactSearchBelow below this many searchable products a query scores every vector instead of walking the
 *                         graph: exact answers, at a cost that grows with the catalogue (0: always the graph)
 */
public record VectorParams(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int searchCandidates,
                           Duration flushInterval, int exactSearchBelow) {

    public static final VectorParams DEFAULTS = new VectorParams(16, 100, 1.2f, 1.2f, 40, Duration.ofSeconds(1), 10_000);

    public VectorParams {
        if (maxDegree < 2 || beamWidth < 1 || neighborOverflow < 1 || alpha < 1 || searchCandidates < 1
                || exactSearchBelow < 0) {
            throw new IllegalArgumentException("invalid vector parameters: M=" + maxDegree + " beam=" + beamWidth
                    + " overflow=" + neighborOverflow + " alpha=" + alpha + " candidates=" + searchCandidates
                    + " exact-search-below=" + exactSearchBelow);
        }
    }

    public VectorParams withFlushInterval(Duration interval) {
        return new VectorParams(maxDegree, beamWidth, neighborOverflow, alpha, searchCandidates, interval,
                exactSearchBelow);
    }

    /** The same graph, searched exactly below this many products (0: every query walks the graph). */
    public VectorParams withExactSearchBelow(int products) {
        return new VectorParams(maxDegree, beamWidth, neighborOverflow, alpha, searchCandidates, flushInterval,
                products);
    }
}
