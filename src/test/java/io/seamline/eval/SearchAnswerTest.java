package io.seamline.eval;

import io.seamline.projection.search.RankedHit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SearchAnswerTest {

    @Test
    void hitsAndWatermarks_areRead() {
        SearchAnswer answer = SearchAnswer.parse("""
                {"query":"red shoes","mode":"hybrid","fusion":"rrf",
                 "hits":[{"productId":"B01","score":0.0325,"ranks":{"bm25":1,"vector":3},"title":"Red shoe"},
                         {"productId":"B02","score":0.016,"ranks":{"bm25":null,"vector":1},"title":"Shoe"}],
                 "watermark":{"bm25":{"lastGlobalIndex":41},"vector":{"lastGlobalIndex":39}}}
                """);

        assertEquals(List.of(new RankedHit("B01", 0.0325), new RankedHit("B02", 0.016)), answer.hits());
        assertEquals(List.of("B01", "B02"), answer.productIds());
        assertEquals(Map.of("bm25", 41L, "vector", 39L), answer.watermarks());
        assertEquals(39, answer.watermarkOf(List.of("bm25", "vector")));
        assertEquals(-1, answer.watermarkOf(List.of("bm25", "other")));
    }

    @Test
    void answerWithoutWatermark_hasNone() {
        SearchAnswer answer = SearchAnswer.parse("{\"hits\":[]}");

        assertEquals(List.of(), answer.hits());
        assertEquals(Map.of(), answer.watermarks());
    }

    @Test
    void somethingElse_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> SearchAnswer.parse("{\"title\":\"Not Found\"}"));
        assertThrows(IllegalArgumentException.class, () -> SearchAnswer.parse("{\"hits\":[{\"productId\":\"B01\"}]}"));
        assertThrows(RuntimeException.class, () -> SearchAnswer.parse("<html>"));
    }
}
