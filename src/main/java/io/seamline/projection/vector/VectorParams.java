package io.seamline.projection.vector;

import io.quarkus.runtime.configuration.DurationConverter;

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

    // the defaults of seamline.vectors.* (VectorsConfig), stated once for the service and the harnesses that build an
    // index without it
    static final int DEFAULT_MAX_DEGREE = 16;
    static final int DEFAULT_BEAM_WIDTH = 100;
    static final float DEFAULT_NEIGHBOR_OVERFLOW = 1.2f;
    static final float DEFAULT_ALPHA = 1.2f;
    static final int DEFAULT_SEARCH_CANDIDATES = 40;
    static final String DEFAULT_FLUSH_INTERVAL = "1s";
    static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;

    public static final VectorParams DEFAULTS = new VectorParams(DEFAULT_MAX_DEGREE, DEFAULT_BEAM_WIDTH,
            DEFAULT_NEIGHBOR_OVERFLOW, DEFAULT_ALPHA, DEFAULT_SEARCH_CANDIDATES,
            DurationConverter.parseDuration(DEFAULT_FLUSH_INTERVAL), DEFAULT_EXACT_SEARCH_BELOW);

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
