package io.seamline.eval;

import io.seamline.projection.search.RankedHit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every mode's scores over the evaluated queries: BM25 and vector alone, both fusions at their default parameters
 * (offline with {@link io.seamline.projection.search.Fusion} and as served), both fusions cross-validated, and how the
 * default RRF hybrid compares with the better single mode per query.
 */
public record SearchScorecard(List<ModeScores> singles, List<ModeScores> hybrids, FusionCrossValidation.Result rrfCv,
                              FusionCrossValidation.Result linearCv, HybridComparison comparison,
                              Map<String, Integer> servedAgreement, int queries) {

    /**
     * The hybrid mode the lift and the per-query comparison are about: the service's default fusion (linear) with
     * its weight chosen on the other folds, so no query is scored with a parameter tuned on it.
     */
    public static final String HEADLINE = "hybrid-linear-cv";
    /** Queries listed each way in the per-query comparison. */
    public static final int TOP = 10;

    public static SearchScorecard of(List<QueryRun> runs, Judgements judgements) {
        List<QueryRankings> rankings = runs.stream().map(QueryRun::rankings).toList();
        FusionSetting rrf = FusionSetting.defaultFor(FusionSetting.Method.RRF);
        FusionSetting linear = FusionSetting.defaultFor(FusionSetting.Method.LINEAR);

        ModeScores bm25 = ModeScores.of("bm25", "BM25 alone (`mode=bm25`)", collect(runs,
                r -> ids(r.rankings().bm25())), judgements);
        ModeScores vector = ModeScores.of("vector", "vector alone (`mode=vector`)", collect(runs,
                r -> ids(r.rankings().vector())), judgements);
        ModeScores hybridRrf = ModeScores.of("hybrid-rrf", "Fusion " + rrf.label() + " (default) of the top-100 lists",
                collect(runs, r -> rrf.rank(r.rankings().bm25(), r.rankings().vector())), judgements);
        ModeScores hybridLinear = ModeScores.of("hybrid-linear", "Fusion " + linear.label()
                + " (default) of the top-100 lists", collect(runs, r -> linear.rank(r.rankings().bm25(),
                r.rankings().vector())), judgements);

        Function<String, Map<String, Integer>> grades = judgements::grades;
        FusionCrossValidation.Result rrfCv = FusionCrossValidation.run(rankings, grades, FusionSetting.rrfGrid());
        FusionCrossValidation.Result linearCv = FusionCrossValidation.run(rankings, grades, FusionSetting.linearGrid());
        ModeScores rrfCvScores = ModeScores.of("hybrid-rrf-cv", "RRF, c chosen on the other folds (held-out scores)",
                heldOutRankings(runs, rrfCv), judgements);
        ModeScores linearCvScores = ModeScores.of(HEADLINE,
                "linear, w chosen on the other folds (held-out scores)", heldOutRankings(runs, linearCv), judgements);
        ModeScores servedRrf = ModeScores.of("served-hybrid-rrf", "`mode=hybrid&fusion=rrf` as served (k = 10)",
                collect(runs, QueryRun::servedRrf), judgements);
        ModeScores servedLinear = ModeScores.of("served-hybrid-linear", "`mode=hybrid&fusion=linear` as served (k = 10)",
                collect(runs, QueryRun::servedLinear), judgements);

        List<ModeScores> singles = List.of(bm25, vector);
        Map<String, Integer> agreement = new LinkedHashMap<>();
        agreement.put("rrf", agreeing(runs, QueryRun::servedRrf, rrf));
        agreement.put("linear", agreeing(runs, QueryRun::servedLinear, linear));
        return new SearchScorecard(singles, List.of(hybridRrf, hybridLinear, rrfCvScores, linearCvScores, servedRrf,
                servedLinear), rrfCv, linearCv, HybridComparison.of(linearCvScores, HybridComparison.best(singles), TOP),
                agreement, runs.size());
    }

    /** The better single mode by mean nDCG@10. */
    public ModeScores bestSingle() {
        return comparison.single();
    }

    /** Each query ranked with the setting chosen for the fold it was held out in. */
    private static Map<String, List<String>> heldOutRankings(List<QueryRun> runs, FusionCrossValidation.Result cv) {
        Map<String, FusionSetting> chosen = new LinkedHashMap<>();
        cv.folds().forEach(fold -> fold.heldOut().forEach(q -> chosen.put(q, fold.chosen())));
        return collect(runs, r -> chosen.get(r.queryId()).rank(r.rankings().bm25(), r.rankings().vector()));
    }

    /** Queries whose served top 10 is the offline fusion's top 10 (same ids, same order). */
    private static int agreeing(List<QueryRun> runs, Function<QueryRun, List<String>> served, FusionSetting setting) {
        int same = 0;
        for (QueryRun r : runs) {
            List<String> mine = setting.rank(r.rankings().bm25(), r.rankings().vector());
            List<String> theirs = served.apply(r);
            List<String> top = mine.subList(0, Math.min(RelevanceMetrics.K, mine.size()));
            if (top.equals(theirs.subList(0, Math.min(RelevanceMetrics.K, theirs.size())))) {
                same++;
            }
        }
        return same;
    }

    private static Map<String, List<String>> collect(List<QueryRun> runs, Function<QueryRun, List<String>> ranking) {
        Map<String, List<String>> rankings = new LinkedHashMap<>();
        runs.forEach(r -> rankings.put(r.queryId(), ranking.apply(r)));
        return rankings;
    }

    private static List<String> ids(List<RankedHit> hits) {
        return hits.stream().map(RankedHit::productId).toList();
    }
}
