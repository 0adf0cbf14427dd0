package io.seamline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.seamline.bench.BenchLog.log;
import static io.seamline.bench.BenchLog.secondsSince;

/**
 * One data set of the tuning: the indexed vectors, the held-out query vectors (removed from the indexed set at
 * random with a fixed seed, so no query finds itself) and their exact top-10.
 */
record VectorDataSet(String name, String description, float[][] base, float[][] queries, int[][] truth,
                     boolean cached, double embedSeconds) {

    static final int K = 10;
    static final long SEED = 20261123L;

    int dims() {
        return base[0].length;
    }

    /** Embeds (or reads from {@code cache}) {@code texts}, holds out {@code queryCount} of them and computes the truth. */
    static VectorDataSet of(String name, String description, Path cache, List<String> texts, int queryCount)
            throws IOException {
        VectorCache.Loaded loaded = VectorCache.load(cache, texts);
        float[][] all = loaded.vectors();
        List<Integer> order = new ArrayList<>(all.length);
        for (int i = 0; i < all.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SEED));
        boolean[] heldOut = new boolean[all.length];
        float[][] queries = new float[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            heldOut[order.get(q)] = true;
            queries[q] = all[order.get(q)];
        }
        float[][] base = new float[all.length - queryCount][];
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (!heldOut[i]) {
                base[n++] = all[i];
            }
        }
        long t = System.nanoTime();
        int[][] truth = ExactNeighbours.groundTruth(base, queries, K);
        log("%s: %,d indexed vectors, %,d queries, exact top-%d in %.1f s", name, base.length, queries.length, K,
                secondsSince(t));
        return new VectorDataSet(name, description, base, queries, truth, loaded.cached(), loaded.embedSeconds());
    }
}
