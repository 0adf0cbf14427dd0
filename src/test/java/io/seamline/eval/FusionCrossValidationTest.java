package io.seamline.eval;

import io.seamline.projection.search.RankedHit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Synthetic rankings whose best parameter is worked out by hand; "r" is the one relevant product (Exact), "i" is judged irrelevant. */
class FusionCrossValidationTest {

    private static final double EPS = 1e-9;
    private static final double RANK_2 = 1 / (Math.log(3) / Math.log(2)); // nDCG of the only relevant product at rank 2
    private static final Map<String, Integer> GRADES = Map.of("r", 3, "i", 0);

    private static RankedHit hit(String id, double score) {
        return new RankedHit(id, score);
    }

    /**
     * r is 2nd in both lists, i 1st in BM25 and 4th in vector: RRF gives r 2/(c+2), i 1/(c+1) + 1/(c+4), equal at c = 2
     * ((2c+5)(c+2) = 2(c+1)(c+4)). c = 1: i 0.7 > r 0.667 (r 2nd, nDCG 0.631); c >= 5: r first (nDCG 1).
     */
    private static QueryRankings consistentRelevant(String id) {
        return new QueryRankings(id, List.of(hit("i", 4), hit("r", 3), hit("f1", 2), hit("f2", 1)),
                List.of(hit("f3", 0.9), hit("r", 0.8), hit("f4", 0.7), hit("i", 0.6)));
    }

    /** The mirror image: r 1st in BM25 and 4th in vector, i 2nd in both; only c = 1 (below 2) puts r first. */
    private static QueryRankings spikyRelevant(String id) {
        return new QueryRankings(id, List.of(hit("r", 4), hit("i", 3), hit("f1", 2), hit("f2", 1)),
                List.of(hit("f3", 0.9), hit("i", 0.8), hit("f4", 0.7), hit("r", 0.6)));
    }

    /**
     * BM25 says r (norm 1) over i (norm 0), vector the reverse: linear gives r w and i 1 − w, so r is first for w > 0.5;
     * at w = 0.5 they tie and "i" sorts first. The first of the grid's best is w = 0.6.
     */
    private static QueryRankings bm25Right(String id) {
        return new QueryRankings(id, List.of(hit("r", 2.0), hit("i", 1.0)), List.of(hit("i", 0.9), hit("r", 0.1)));
    }

    private static List<QueryRankings> queries(int n, java.util.function.Function<String, QueryRankings> kind) {
        List<QueryRankings> queries = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            queries.add(kind.apply("q" + q));
        }
        return queries;
    }

    @Test
    void rrf_choosesASmallC_whenTopRanksMatter() {
        FusionCrossValidation.Result result = FusionCrossValidation.run(queries(20,
                FusionCrossValidationTest::spikyRelevant), q -> GRADES, FusionSetting.rrfGrid());

        for (FusionCrossValidation.Fold fold : result.folds()) {
            assertEquals(FusionSetting.rrf(1), fold.chosen());
            assertEquals(1.0, fold.trainNdcg(), EPS);
            assertEquals(1.0, fold.heldOutNdcg(), EPS);
        }
        assertEquals(1.0, result.meanOfFolds(), EPS);
    }

    @Test
    void rrf_choosesTheFirstOfEquallyGoodConstants() {
        // every c >= 5 puts r first; 5 is listed first
        FusionCrossValidation.Result result = FusionCrossValidation.run(queries(20,
                FusionCrossValidationTest::consistentRelevant), q -> GRADES, FusionSetting.rrfGrid());

        result.folds().forEach(fold -> assertEquals(FusionSetting.rrf(5), fold.chosen()));
        assertEquals(1.0, result.pooledMean(), EPS);
    }

    @Test
    void rrf_heldOutScore_isTheTrainingChoiceAppliedToTheFold() {
        // 15 consistent and 5 spiky queries: every training set has more consistent ones, so c = 5 wins everywhere
        // and the spiky queries score 0.631 (r 2nd) wherever they are held out: pooled (15·1 + 5·0.631)/20
        List<QueryRankings> mixed = new ArrayList<>(queries(15, FusionCrossValidationTest::consistentRelevant));
        for (int q = 0; q < 5; q++) {
            mixed.add(spikyRelevant("s" + q));
        }

        FusionCrossValidation.Result result = FusionCrossValidation.run(mixed, q -> GRADES, FusionSetting.rrfGrid());

        result.folds().forEach(fold -> assertEquals(FusionSetting.rrf(5), fold.chosen()));
        assertEquals((15 + 5 * RANK_2) / 20, result.pooledMean(), EPS);
        assertEquals(RANK_2, result.heldOutNdcg().get("s3"), EPS);
        // equal fold sizes (4 each): the mean of the folds is the pooled mean
        assertEquals(result.pooledMean(), result.meanOfFolds(), EPS);
    }

    @Test
    void linear_choosesTheSmallestWeightThatTrustsBm25() {
        FusionCrossValidation.Result result = FusionCrossValidation.run(queries(10, FusionCrossValidationTest::bm25Right),
                q -> GRADES, FusionSetting.linearGrid());

        result.folds().forEach(fold -> assertEquals(FusionSetting.linear(0.6), fold.chosen()));
        assertEquals(1.0, result.meanOfFolds(), EPS);
    }

    @Test
    void folds_partitionTheQueries_deterministically() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");

        List<List<String>> folds = FusionCrossValidation.assign(ids, 5, 7L);

        Set<String> all = new HashSet<>();
        folds.forEach(all::addAll);
        assertEquals(Set.copyOf(ids), all);
        assertEquals(12, folds.stream().mapToInt(List::size).sum());
        assertEquals(List.of(3, 3, 2, 2, 2), folds.stream().map(List::size).toList());
        assertEquals(folds, FusionCrossValidation.assign(ids.reversed(), 5, 7L));
        assertNotEquals(folds, FusionCrossValidation.assign(ids, 5, 8L));
    }

    @Test
    void tooFewQueries_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> FusionCrossValidation.run(queries(3,
                FusionCrossValidationTest::bm25Right), q -> GRADES, FusionSetting.linearGrid()));
    }
}
