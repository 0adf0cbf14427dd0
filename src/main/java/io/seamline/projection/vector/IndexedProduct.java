package io.seamline.projection.vector;

/** A product as the vector index holds it, for reconciliation against the event store: its id, sequence and state. */
public record IndexedProduct(String productId, long sequence, boolean discontinued) {
}
