package io.seamline.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three hand-made queries whose scores are worked out in the comments (log2(3) = 1.58496, log2(5) = 2.32193, log2(6) = 2.58496). */
class RelevanceMetricsTest {

    private static final double EPS = 1e-9;

    // q1: Exact a and e, Substitute b, Complement c, Irrelevant d; x is unjudged
    private static final Map<String, Integer> Q1 = Map.of("a", 3, "b", 2, "c", 1, "d", 0, "e", 3);
    private static final List<String> Q1_RANKING = List.of("d", "a", "x", "c", "b");

    // q2: one Substitute p, one Complement q
    private static final Map<String, Integer> Q2 = Map.of("p", 2, "q", 1);

    // q3: only a Complement, so nothing relevant
    private static final Map<String, Integer> Q3 = Map.of("z", 1);

    /** q first, ten unjudged products, then p at rank 12. */
    private static List<String> q2Ranking() {
        List<String> ranking = new ArrayList<>(List.of("q"));
        for (int i = 1; i <= 10; i++) {
            ranking.add("u" + i);
        }
        ranking.add("p");
        return ranking;
    }

    @Test
    void q1_ndcg_recall_reciprocalRank() {
        // DCG  = d 0/1 + a (2^3-1)/log2(3) + x 0 + c (2^1-1)/log2(5) + b (2^2-1)/log2(6)
        //      = 0 + 4.4165082750 + 0 + 0.4306765581 + 1.1605584217 = 6.0077432548
        // IDCG = grades 3,3,2,1,0 in order: 7/1 + 7/log2(3) + 3/log2(4) + 1/log2(5) + 0
        //      = 7 + 4.4165082750 + 1.5 + 0.4306765581 = 13.3471848331
        // nDCG = 6.0077432548 / 13.3471848331 = 0.4501131385
        RelevanceMetrics.Scores s = RelevanceMetrics.score(Q1_RANKING, Q1);
        assertEquals(0.4501131384567598, s.ndcg(), EPS);
        // relevant (grade >= 2): a, b, e; a and b are in the top 10 -> 2/3
        assertEquals(2.0 / 3, s.recall(), EPS);
        // first relevant: a at rank 2 (d at rank 1 is judged irrelevant)
        assertEquals(0.5, s.reciprocalRank(), EPS);
    }

    @Test
    void q2_relevantBeyondTheCutOff() {
        // DCG@10 = q (2^1-1)/log2(2) = 1; IDCG = p 3/1 + q 1/log2(3) = 3.6309297536; nDCG = 0.2754115524
        RelevanceMetrics.Scores s = RelevanceMetrics.score(q2Ranking(), Q2);
        assertEquals(0.27541155237618664, s.ndcg(), EPS);
        // p, the only relevant product, is at rank 12: outside the top 10
        assertEquals(0.0, s.recall(), EPS);
        // but reciprocal rank looks at the whole ranking: 1/12
        assertEquals(1.0 / 12, s.reciprocalRank(), EPS);
    }

    @Test
    void q3_noRelevantProduct() {
        // a Complement earns gain in nDCG: DCG = IDCG = 1 -> 1; no relevant product: recall and RR are 0
        RelevanceMetrics.Scores s = RelevanceMetrics.score(List.of("z"), Q3);
        assertEquals(1.0, s.ndcg(), EPS);
        assertEquals(0.0, s.recall(), EPS);
        assertEquals(0.0, s.reciprocalRank(), EPS);
        assertFalse(RelevanceMetrics.hasRelevant(Q3));
        assertTrue(RelevanceMetrics.hasRelevant(Q1));
    }

    @Test
    void means_overTheThreeQueries() {
        // MRR = (0.5 + 1/12 + 0) / 3 = 0.1944444444
        double mrr = (RelevanceMetrics.reciprocalRank(Q1_RANKING, Q1) + RelevanceMetrics.reciprocalRank(q2Ranking(), Q2)
                + RelevanceMetrics.reciprocalRank(List.of("z"), Q3)) / 3;
        assertEquals(0.19444444444444445, mrr, EPS);
        // mean nDCG@10 = (0.4501131385 + 0.2754115524 + 1) / 3 = 0.5751748969
        double ndcg = (RelevanceMetrics.ndcg(Q1_RANKING, Q1, 10) + RelevanceMetrics.ndcg(q2Ranking(), Q2, 10)
                + RelevanceMetrics.ndcg(List.of("z"), Q3, 10)) / 3;
        assertEquals((0.4501131384567598 + 0.27541155237618664 + 1) / 3, ndcg, EPS);
    }

    @Test
    void perfectRanking_scoresOne_andEmptyRankingZero() {
        List<String> ideal = List.of("a", "e", "b", "c", "d");
        assertEquals(1.0, RelevanceMetrics.ndcg(ideal, Q1, 10), EPS);
        assertEquals(1.0, RelevanceMetrics.recall(List.of("a", "e", "b"), Q1, 10), EPS);
        assertEquals(0.0, RelevanceMetrics.ndcg(List.of(), Q1, 10), EPS);
        assertEquals(0.0, RelevanceMetrics.reciprocalRank(List.of(), Q1), EPS);
    }

    @Test
    void repeatedProduct_countsOnceAtItsFirstRank() {
        // a a e: a at 1 (7/1), e at 2 (7/log2(3)) = 11.4165082750; IDCG 13.3471848331 -> 0.8553508...
        double expected = (7 + 7 / (Math.log(3) / Math.log(2))) / 13.347184833073596;
        assertEquals(expected, RelevanceMetrics.ndcg(List.of("a", "a", "e"), Q1, 10), EPS);
        assertEquals(2.0 / 3, RelevanceMetrics.recall(List.of("a", "a", "e"), Q1, 10), EPS);
    }
}
