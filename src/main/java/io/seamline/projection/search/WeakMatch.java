package io.seamline.projection.search;

/**
 * Whether the best hit of an answer is a weak match, and by which rule: its similarity in meaning to the query
 * (the vector index's score, (1 + cosine) / 2, whatever mode ranked it) below {@code seamline.search.weak-below}.
 * An answer without hits is weak too; a best hit the vector index has no vector for gets no verdict (not weak). The rule is the same in every mode, so a client can say "no good match"
 * without knowing how BM25 scores compare across queries (they do not).
 */
public record WeakMatch(boolean weak, Double bestSimilarity, double threshold, String rule) {

    static final String RULE = "the best hit's similarity to the query, (1 + cosine) / 2, is below the threshold";

    static WeakMatch of(double bestSimilarity, double threshold) {
        return new WeakMatch(bestSimilarity < threshold, bestSimilarity, threshold, RULE);
    }

    /** The vector index holds no vector for the best hit (disabled, or not caught up with it): no verdict. */
    static WeakMatch unknown(double threshold) {
        return new WeakMatch(false, null, threshold, "no verdict: the vector index holds no vector for the best hit yet");
    }

    static WeakMatch noHit(double threshold) {
        return new WeakMatch(true, null, threshold, "no product matched");
    }
}
