package io.seamline.projection.search;

import io.seamline.projection.search.Fusion.FusedHit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionTest {

    private static final double EPS = 1e-12;

    private static RankedHit hit(String id, double score) {
        return new RankedHit(id, score);
    }

    private static List<String> ids(List<FusedHit> hits) {
        return hits.stream().map(FusedHit::productId).toList();
    }

    @Test
    void rrf_sumsReciprocalRanks_withDefaultC60() {
        // bm25 A B C, vector C A D:
        // A = 1/61 + 1/62 = 0.032522474881015..., C = 1/63 + 1/61 = 0.032266458495966..., B = 1/62, D = 1/63
        List<FusedHit> fused = Fusion.rrf(List.of(hit("A", 9), hit("B", 5), hit("C", 1)),
                List.of(hit("C", 0.9), hit("A", 0.8), hit("D", 0.7)));

        assertEquals(List.of("A", "C", "B", "D"), ids(fused));
        assertEquals(1.0 / 61 + 1.0 / 62, fused.get(0).score(), EPS);
        assertEquals(0.032522474881015, fused.get(0).score(), 1e-14);
        assertEquals(1.0 / 63 + 1.0 / 61, fused.get(1).score(), EPS);
        assertEquals(1.0 / 62, fused.get(2).score(), EPS);
        assertEquals(1.0 / 63, fused.get(3).score(), EPS);
        assertEquals(new FusedHit("A", fused.get(0).score(), 1, 2), fused.get(0));
        assertEquals(new FusedHit("C", fused.get(1).score(), 3, 1), fused.get(1));
        assertEquals(new FusedHit("B", fused.get(2).score(), 2, null), fused.get(2));
        assertEquals(new FusedHit("D", fused.get(3).score(), null, 3), fused.get(3));
    }

    @Test
    void rrf_smallC_favoursTheTopRanks() {
        // c = 1: X (1st in bm25 only) = 1/2 = 0.5; Y (2nd in both) = 1/3 + 1/3 = 0.667 -> Y first.
        // c = 60: X = 1/61 = 0.01639; Y = 2/62 = 0.03226 -> Y first too; with c = 0 and X 1st in both it wins outright.
        List<RankedHit> bm25 = List.of(hit("X", 3), hit("Y", 2));
        List<RankedHit> vector = List.of(hit("Z", 0.9), hit("Y", 0.8));

        List<FusedHit> fused = Fusion.rrf(bm25, vector, 1);

        assertEquals(List.of("Y", "X", "Z"), ids(fused));
        assertEquals(2.0 / 3, fused.get(0).score(), EPS);
        assertEquals(0.5, fused.get(1).score(), EPS);
        assertEquals(0.5, fused.get(2).score(), EPS);
    }

    @Test
    void rrf_equalScores_areOrderedByProductId() {
        // B and A swap places: both score 1/61 + 1/62; the only tie-break is the product id
        List<FusedHit> fused = Fusion.rrf(List.of(hit("B", 2), hit("A", 1)), List.of(hit("A", 2), hit("B", 1)));

        assertEquals(List.of("A", "B"), ids(fused));
        assertEquals(fused.get(0).score(), fused.get(1).score());
    }

    @Test
    void rrf_keepsTheFirstPositionOfARepeatedProduct() {
        List<FusedHit> fused = Fusion.rrf(List.of(hit("A", 3), hit("B", 2), hit("A", 1)), List.of(), 60);

        assertEquals(List.of("A", "B"), ids(fused));
        assertEquals(1, fused.get(0).bm25Rank());
        assertEquals(1.0 / 61, fused.get(0).score(), EPS);
    }

    @Test
    void linear_combinesMinMaxNormalisedScores_missingCountsZero() {
        // bm25 A 10, B 6, C 2 -> norm A 1, B 0.5, C 0; vector C 0.9, D 0.5, A 0.1 -> norm C 1, D 0.5, A 0
        // w = 0.7: A = 0.7·1 + 0.3·0 = 0.7; B = 0.7·0.5 + 0 (not in vector) = 0.35; C = 0 + 0.3·1 = 0.3; D = 0.3·0.5 = 0.15
        List<RankedHit> bm25 = List.of(hit("A", 10), hit("B", 6), hit("C", 2));
        List<RankedHit> vector = List.of(hit("C", 0.9), hit("D", 0.5), hit("A", 0.1));

        List<FusedHit> fused = Fusion.linear(bm25, vector, 0.7);

        assertEquals(List.of("A", "B", "C", "D"), ids(fused));
        assertEquals(0.7, fused.get(0).score(), EPS);
        assertEquals(0.35, fused.get(1).score(), EPS);
        assertEquals(0.3, fused.get(2).score(), EPS);
        assertEquals(0.15, fused.get(3).score(), EPS);
        assertEquals(new FusedHit("B", fused.get(1).score(), 2, null), fused.get(1));
        assertEquals(new FusedHit("D", fused.get(3).score(), null, 2), fused.get(3));

        // w = 0.2: A = 0.2, B = 0.1, C = 0.8, D = 0.4
        List<FusedHit> vectorHeavy = Fusion.linear(bm25, vector, 0.2);
        assertEquals(List.of("C", "D", "A", "B"), ids(vectorHeavy));
        assertEquals(0.8, vectorHeavy.get(0).score(), EPS);
        assertEquals(0.4, vectorHeavy.get(1).score(), EPS);
        assertEquals(0.2, vectorHeavy.get(2).score(), EPS);
        assertEquals(0.1, vectorHeavy.get(3).score(), EPS);
    }

    @Test
    void linear_defaultGivesBm25TheCrossValidatedWeight() {
        // w = 0.6: A = 0.6·1 + 0.4·0 = 0.6, B = 0.6·0 + 0.4·1 = 0.4
        List<FusedHit> fused = Fusion.linear(List.of(hit("B", 4), hit("A", 8)), List.of(hit("B", 0.3), hit("A", 0.1)));

        assertEquals(List.of("A", "B"), ids(fused));
        assertEquals(0.6, fused.get(0).score(), EPS);
        assertEquals(0.4, fused.get(1).score(), EPS);
        assertEquals(2, fused.get(0).bm25Rank()); // the list's order is the rank, even against its scores
    }

    @Test
    void linear_singleHitOrEqualScores_normaliseToOne() {
        // bm25 has one hit: norm 1; vector's two hits have equal scores: both norm 1
        // w = 0.4: S = 0.4·1 = 0.4; V1 = V2 = 0.6·1 = 0.6
        List<FusedHit> fused = Fusion.linear(List.of(hit("S", 3.2)), List.of(hit("V2", 0.5), hit("V1", 0.5)), 0.4);

        assertEquals(List.of("V1", "V2", "S"), ids(fused));
        assertEquals(0.6, fused.get(0).score(), EPS);
        assertEquals(0.6, fused.get(1).score(), EPS);
        assertEquals(0.4, fused.get(2).score(), EPS);
    }

    @Test
    void linear_extremeWeights_reproduceOneList() {
        List<RankedHit> bm25 = List.of(hit("A", 3), hit("B", 2), hit("C", 1));
        List<RankedHit> vector = List.of(hit("C", 0.9), hit("B", 0.8), hit("A", 0.7));

        assertEquals(List.of("A", "B", "C"), ids(Fusion.linear(bm25, vector, 1.0)));
        assertEquals(List.of("C", "B", "A"), ids(Fusion.linear(bm25, vector, 0.0)));
    }

    @Test
    void emptyLists_fuseToNothing() {
        assertTrue(Fusion.rrf(List.of(), List.of()).isEmpty());
        assertTrue(Fusion.linear(List.of(), List.of()).isEmpty());
    }

    @Test
    void invalidParameters_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fusion.rrf(List.of(), List.of(), -1));
        assertThrows(IllegalArgumentException.class, () -> Fusion.linear(List.of(), List.of(), 1.1));
        assertThrows(IllegalArgumentException.class, () -> Fusion.linear(List.of(), List.of(), Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> Fusion.linear(List.of(hit("A", Double.NaN)), List.of(), 0.5));
    }
}
