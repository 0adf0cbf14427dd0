package io.seamline.projection.vector;

import io.seamline.seam.consume.StoredPosition;

import java.util.List;

/** Ranked hits of a vector search and the position in the log the index had reached when it answered. */
public record VectorAnswer(List<VectorHit> hits, StoredPosition position) {

    public List<String> productIds() {
        return hits.stream().map(VectorHit::productId).toList();
    }
}
