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
 */
public record VectorParams(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int searchCandidates,
                           Duration flushInterval) {

    public static final VectorParams DEFAULTS = new VectorParams(16, 100, 1.2f, 1.2f, 40, Duration.ofSeconds(1));

    public VectorParams {
        if (maxDegree < 2 || beamWidth < 1 || neighborOverflow < 1 || alpha < 1 || searchCandidates < 1) {
            throw new IllegalArgumentException("invalid vector parameters: M=" + maxDegree + " beam=" + beamWidth
                    + " overflow=" + neighborOverflow + " alpha=" + alpha + " candidates=" + searchCandidates);
        }
    }

    public VectorParams withFlushInterval(Duration interval) {
        return new VectorParams(maxDegree, beamWidth, neighborOverflow, alpha, searchCandidates, interval);
    }
}
