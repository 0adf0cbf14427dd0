package io.seamline.projection.vector;

import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Where walks through the vector graph start: up to {@value #MAX} nodes, each unlike every one taken before it (a
 * leader clustering of the vectors as they arrive), and a walk starts at the one nearest its query. A single entry
 * fails a catalogue with a crowd of near-identical products (one text with a different SKU each): their neighbour
 * lists hold one another, every one of them scores about the same against a query about something else, and a walk
 * that enters the crowd ends there without reaching the products the query is about. Those products are unlike the
 * crowd, so each is an entry of its own (up to the maximum), and a query about them starts beside them.
 */
final class GraphEntries {

    static final int MAX = 128;
    /** Scoring below this against every entry is being unlike them all: cosine 0.5, as jvector scores (1 + cos) / 2. */
    private static final float UNLIKE = 0.75f;

    /** Replaced, never changed in place: searches read it while the one writer adds to it. */
    private volatile int[] nodes = new int[0];

    /** Takes {@code node} as an entry when there is room and it is unlike every entry so far. */
    void consider(int node, OrdinalVectors vectors) {
        int[] current = nodes;
        if (current.length >= MAX) {
            return;
        }
        VectorFloat<?> vector = vectors.getVector(node);
        for (int entry : current) {
            if (entry == node || VectorGraph.SIMILARITY.compare(vector, vectors.getVector(entry)) >= UNLIKE) {
                return;
            }
        }
        int[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = node;
        nodes = next;
    }

    /** The entry nearest {@code query}, or {@code fallback} while there is none. */
    int nearest(VectorFloat<?> query, OrdinalVectors vectors, int fallback) {
        int best = fallback;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int entry : nodes) {
            float score = VectorGraph.SIMILARITY.compare(query, vectors.getVector(entry));
            if (score > bestScore) {
                best = entry;
                bestScore = score;
            }
        }
        return best;
    }

    /** Drops the entries no longer in the graph (removed by a clean-up). */
    void retain(IntPredicate inGraph) {
        nodes = Arrays.stream(nodes).filter(inGraph).toArray();
    }
}
