package io.seamline.eval;

import io.seamline.projection.search.Fusion;
import io.seamline.projection.search.RankedHit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ten synthetic queries, r relevant (Exact) and i irrelevant, with every mode's score worked out by hand. */
class SearchScorecardTest {

    private static final double EPS = 1e-9;
    private static final double RANK_2 = 1 / (Math.log(3) / Math.log(2)); // r 2nd: nDCG 1/log2(3) = 0.6309

    private static RankedHit hit(String id, double score) {
        return new RankedHit(id, score);
    }

    /**
     * q0–q4: BM25 has r first, vector i first. RRF (c = 60) scores both 1/61 + 1/62, the tie goes to "i": r 2nd.
     * q5–q9: both lists have r first: every mode puts r first.
     */
    private static List<QueryRun> runs() {
        List<QueryRun> runs = new ArrayList<>();
        for (int q = 0; q < 10; q++) {
            List<RankedHit> bm25 = List.of(hit("r", 2.0), hit("i", 1.0));
            List<RankedHit> vector = q < 5 ? List.of(hit("i", 0.9), hit("r", 0.1)) : List.of(hit("r", 0.9), hit("i", 0.1));
            List<String> servedRrf = Fusion.rrf(bm25, vector).stream().map(Fusion.FusedHit::productId).toList();
            runs.add(new QueryRun("q" + q, "query " + q, new QueryRankings("q" + q, bm25, vector), servedRrf, List.of()));
        }
        return runs;
    }

    private static Judgements judgements() {
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> grades = new LinkedHashMap<>();
        for (int q = 0; q < 10; q++) {
            queries.put("q" + q, "query " + q);
            grades.put("q" + q, Map.of("r", 3, "i", 0));
        }
        return new Judgements(queries, grades);
    }

    @Test
    void everyMode_isScoredAgainstTheBetterSingleMode() {
        SearchScorecard card = SearchScorecard.of(runs(), judgements());

        ModeScores bm25 = card.singles().get(0);
        ModeScores vector = card.singles().get(1);
        assertEquals(1.0, bm25.ndcg(), EPS);
        assertEquals((5 * RANK_2 + 5) / 10, vector.ndcg(), EPS);
        assertEquals(0.75, vector.mrr(), EPS); // (5·1/2 + 5·1)/10
        assertEquals(1.0, vector.recall(), EPS);
        assertEquals("bm25", card.bestSingle().mode());

        ModeScores rrf = card.hybrids().get(0);
        assertEquals("hybrid-rrf", rrf.mode());
        assertEquals((5 * RANK_2 + 5) / 10, rrf.ndcg(), EPS); // RRF ties r and i on q0–q4, the tie goes to "i"

        // linear w = 0.6 (the default): r = 0.6·1 + 0.4·0 = 0.6 beats i = 0.4 on q0–q4, so r is first everywhere
        assertEquals(1.0, card.hybrids().get(1).ndcg(), EPS);
        card.linearCv().folds().forEach(f -> assertEquals(FusionSetting.linear(0.6), f.chosen()));
        ModeScores headline = card.hybrids().get(3);
        assertEquals(SearchScorecard.HEADLINE, headline.mode());
        assertEquals(1.0, headline.ndcg(), EPS);
        HybridComparison c = card.comparison();
        assertEquals(0, c.wins());
        assertEquals(10, c.ties());
        assertEquals(0, c.losses());
        assertEquals(1.0, c.lift(), EPS);

        assertEquals(Map.of("rrf", 10, "linear", 0), card.servedAgreement());
        assertEquals(0.0, card.hybrids().get(5).ndcg(), EPS); // nothing served for linear
    }

    @Test
    void report_statesDataSetThresholdAndDefinitions() {
        SearchScorecard card = SearchScorecard.of(runs(), judgements());

        String md = new HybridSearchReport(card, judgements()).fact("Date (UTC)", "2026-11-23T22:00:00Z").markdown();

        assertTrue(md.contains("- Data: " + HybridSearchReport.DATA_SET), md);
        assertTrue(md.contains("| Date (UTC) | 2026-11-23T22:00:00Z |"), md);
        assertTrue(md.contains("grade ≥ 2, i.e. Exact or Substitute"), md);
        assertTrue(md.contains("| hybrid-rrf | Fusion rrf c=60 (default) of the top-100 lists | 0.8155 | 1.0000 | 0.7500 | 0.815× |"), md);
        assertTrue(md.contains("| hybrid-linear | Fusion linear w=0.6 (default) of the top-100 lists | 1.0000 |"), md);
        assertTrue(md.contains("Wins 0, ties 10, losses 0"), md);
    }
}
