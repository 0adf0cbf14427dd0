package io.seamline.eval;

import java.util.List;

/**
 * What the service answered for one query: the BM25 and vector rankings at depth (k = 100) for offline fusion, and the
 * served hybrid top k for each fusion method at its default parameters.
 */
public record QueryRun(String queryId, String query, QueryRankings rankings, List<String> servedRrf,
                       List<String> servedLinear) {

    public QueryRun {
        servedRrf = List.copyOf(servedRrf);
        servedLinear = List.copyOf(servedLinear);
    }
}
