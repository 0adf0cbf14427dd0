package io.seamline.projection.vector;

/** One answer of a vector search: the product and its similarity, (1 + cosine) / 2 in [0, 1], higher is closer. */
public record VectorHit(String productId, float score) {
}
