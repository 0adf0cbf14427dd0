package io.seamline.projection.search;

import java.util.Objects;

/** One product in a ranked result list of one index (BM25 or vector), with the score that index gave it. */
public record RankedHit(String productId, double score) {

    public RankedHit {
        Objects.requireNonNull(productId, "productId");
    }
}
