package io.seamline.bench;

import org.apache.lucene.util.VectorUtil;

import java.util.stream.IntStream;

/**
 * Exact nearest neighbours by dot product over normalised vectors (= cosine): the ground truth of the tuning and its
 * brute-force baseline. A scan of every vector with Lucene's SIMD dot product and a small sorted top-k.
 */
final class ExactNeighbours {

    private ExactNeighbours() {
    }

    /** The ordinals of the {@code k} vectors of {@code base} nearest to {@code query}, best first. */
    static int[] topK(float[][] base, float[] query, int k) {
        int[] ids = new int[k];
        float[] scores = new float[k];
        int size = 0;
        for (int i = 0; i < base.length; i++) {
            float s = VectorUtil.dotProduct(base[i], query);
            if (size == k && s <= scores[k - 1]) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            // insertion into the sorted top-k: k is 10, cheaper than a heap
            while (at > 0 && scores[at - 1] < s) {
                scores[at] = scores[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            scores[at] = s;
            ids[at] = i;
        }
        return ids;
    }

    /** The ground truth for every query, computed on all cores (it is not a measured figure). */
    static int[][] groundTruth(float[][] base, float[][] queries, int k) {
        int[][] truth = new int[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(q -> truth[q] = topK(base, queries[q], k));
        return truth;
    }

    /** Recall@k of one answer: the share of the true top-k it contains. */
    static double recall(int[] truth, int[] found, int foundCount) {
        int hits = 0;
        for (int t : truth) {
            for (int i = 0; i < foundCount; i++) {
                if (found[i] == t) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / truth.length;
    }
}
