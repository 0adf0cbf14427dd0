package io.seamline.eval;

import io.seamline.projection.search.RankedHit;

import java.util.List;

/** What the two indexes answered for one query: the BM25 and the vector ranking, best first, with their scores. */
public record QueryRankings(String queryId, List<RankedHit> bm25, List<RankedHit> vector) {

    public QueryRankings {
        bm25 = List.copyOf(bm25);
        vector = List.copyOf(vector);
    }
}
