package io.seamline.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** One search mode's scores per query (nDCG@10, Recall@10, reciprocal rank within the top 10) and their means. */
public record ModeScores(String mode, String description, Map<String, RelevanceMetrics.Scores> byQuery) {

    public ModeScores {
        byQuery = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byQuery));
    }

    /** Scores each query's ranking, cut to the top {@link RelevanceMetrics#K} so every mode is judged on what a page shows. */
    public static ModeScores of(String mode, String description, Map<String, List<String>> rankings,
                                Judgements judgements) {
        Map<String, RelevanceMetrics.Scores> scores = new LinkedHashMap<>();
        rankings.forEach((queryId, ranking) -> scores.put(queryId, RelevanceMetrics.score(
                ranking.subList(0, Math.min(RelevanceMetrics.K, ranking.size())), judgements.grades(queryId))));
        return new ModeScores(mode, description, scores);
    }

    public double ndcg() {
        return mean(RelevanceMetrics.Scores::ndcg);
    }

    public double recall() {
        return mean(RelevanceMetrics.Scores::recall);
    }

    /** MRR@10. */
    public double mrr() {
        return mean(RelevanceMetrics.Scores::reciprocalRank);
    }

    public double ndcg(String queryId) {
        return byQuery.get(queryId).ndcg();
    }

    private double mean(ToDoubleFunction<RelevanceMetrics.Scores> metric) {
        return byQuery.values().stream().mapToDouble(metric).average().orElse(Double.NaN);
    }
}
