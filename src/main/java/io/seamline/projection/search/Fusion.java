package io.seamline.projection.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the BM25 and the vector ranking of one query into one ranking, by reciprocal rank fusion or by a linear
 * combination of min-max normalised scores.
 *
 * <p>Both inputs are ranked lists, best first: a hit's rank is its 1-based position in its list (the scores are only
 * read by the linear fusion). A product listed twice in one list keeps its first (best) position; the later entries
 * are ignored. The output is the union of both lists, each product once, ordered by fused score descending and, for
 * equal scores, by product id ascending ({@link String#compareTo}), so equal inputs always give the same order. The
 * caller takes the first k.
 *
 * <ul>
 *   <li><b>RRF</b>: {@code score = Σ 1/(c + rank)} over the lists the product appears in; a list it is missing from
 *       adds nothing. {@code c} (default {@value #DEFAULT_RRF_C}) damps the advantage of the very top ranks.</li>
 *   <li><b>Linear</b>: {@code score = w·norm(bm25) + (1−w)·norm(vector)} with {@code norm(s) = (s − min)/(max − min)}
 *       over that list's scores, so each list's best hit scores 1 and its worst 0. A product missing from a list
 *       contributes 0 for that list, as much as that list's last hit. When all scores of a list are equal (a single
 *       hit, for one), nothing separates them: each normalises to 1, as if all shared the best place. {@code w}
 *       (default {@value #DEFAULT_LINEAR_WEIGHT}) is the BM25 weight, from 0 (vector only) to 1 (BM25 only).</li>
 * </ul>
 */
public final class Fusion {

    /** RRF's rank constant unless configured: the value of Cormack, Clarke and Büttcher (SIGIR 2009). */
    public static final int DEFAULT_RRF_C = 60;
    /**
     * The linear fusion's BM25 weight unless configured: chosen by 5-fold cross-validation on the judged ESCI
     * queries, where every fold chose 0.6 (docs/evidence/hybrid-search.md).
     */
    public static final double DEFAULT_LINEAR_WEIGHT = 0.6;

    /**
     * A fused hit: its fused score and the 1-based rank it had in each input list, null when it was not in that list.
     */
    public record FusedHit(String productId, double score, Integer bm25Rank, Integer vectorRank) {
    }

    private static final Comparator<FusedHit> ORDER = Comparator.comparingDouble(FusedHit::score).reversed()
            .thenComparing(FusedHit::productId);

    private Fusion() {
    }

    /** Reciprocal rank fusion with {@code c} = {@value #DEFAULT_RRF_C}. */
    public static List<FusedHit> rrf(List<RankedHit> bm25, List<RankedHit> vector) {
        return rrf(bm25, vector, DEFAULT_RRF_C);
    }

    /** Reciprocal rank fusion: {@code Σ 1/(c + rank)} over the lists a product is in; {@code c ≥ 0}. */
    public static List<FusedHit> rrf(List<RankedHit> bm25, List<RankedHit> vector, int c) {
        if (c < 0) {
            throw new IllegalArgumentException("the RRF constant c must be >= 0, got " + c);
        }
        Map<String, Integer> bm25Ranks = ranks(bm25);
        Map<String, Integer> vectorRanks = ranks(vector);
        List<FusedHit> fused = new ArrayList<>();
        for (String id : union(bm25Ranks, vectorRanks)) {
            Integer b = bm25Ranks.get(id);
            Integer v = vectorRanks.get(id);
            // always BM25's term first: the same sum in the same order, so equal inputs give bit-equal scores
            double score = (b == null ? 0 : 1.0 / (c + b)) + (v == null ? 0 : 1.0 / (c + v));
            fused.add(new FusedHit(id, score, b, v));
        }
        fused.sort(ORDER);
        return fused;
    }

    /** Linear fusion with the BM25 weight {@value #DEFAULT_LINEAR_WEIGHT}. */
    public static List<FusedHit> linear(List<RankedHit> bm25, List<RankedHit> vector) {
        return linear(bm25, vector, DEFAULT_LINEAR_WEIGHT);
    }

    /**
     * Linear fusion: {@code bm25Weight·norm(bm25) + (1 − bm25Weight)·norm(vector)} of min-max normalised scores,
     * 0 for a list a product is missing from; {@code 0 ≤ bm25Weight ≤ 1}, scores finite.
     */
    public static List<FusedHit> linear(List<RankedHit> bm25, List<RankedHit> vector, double bm25Weight) {
        if (!(bm25Weight >= 0 && bm25Weight <= 1)) {
            throw new IllegalArgumentException("the BM25 weight must be within [0, 1], got " + bm25Weight);
        }
        Map<String, Integer> bm25Ranks = ranks(bm25);
        Map<String, Integer> vectorRanks = ranks(vector);
        Map<String, Double> bm25Norm = normalised(bm25, "bm25");
        Map<String, Double> vectorNorm = normalised(vector, "vector");
        List<FusedHit> fused = new ArrayList<>();
        for (String id : union(bm25Ranks, vectorRanks)) {
            double score = bm25Weight * bm25Norm.getOrDefault(id, 0.0)
                    + (1 - bm25Weight) * vectorNorm.getOrDefault(id, 0.0);
            fused.add(new FusedHit(id, score, bm25Ranks.get(id), vectorRanks.get(id)));
        }
        fused.sort(ORDER);
        return fused;
    }

    /** Each product's 1-based position in {@code list}; a repeated product keeps its first. */
    private static Map<String, Integer> ranks(List<RankedHit> list) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ranks.putIfAbsent(list.get(i).productId(), i + 1);
        }
        return ranks;
    }

    /** Min-max normalised scores of each product's first entry; all 1 when the scores are all equal. */
    private static Map<String, Double> normalised(List<RankedHit> list, String name) {
        Map<String, Double> first = new LinkedHashMap<>();
        for (RankedHit hit : list) {
            if (!Double.isFinite(hit.score())) {
                throw new IllegalArgumentException("the " + name + " score of " + hit.productId()
                        + " is not a finite number: " + hit.score());
            }
            first.putIfAbsent(hit.productId(), hit.score());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : first.values()) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double range = max - min;
        Map<String, Double> norm = new HashMap<>();
        for (Map.Entry<String, Double> e : first.entrySet()) {
            norm.put(e.getKey(), range > 0 ? (e.getValue() - min) / range : 1.0);
        }
        return norm;
    }

    private static List<String> union(Map<String, Integer> a, Map<String, Integer> b) {
        List<String> ids = new ArrayList<>(a.keySet());
        for (String id : b.keySet()) {
            if (!a.containsKey(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
