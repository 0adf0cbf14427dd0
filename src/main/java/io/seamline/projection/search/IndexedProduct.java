package io.seamline.projection.search;

/** What the keyword index holds for a product, for reconciliation with the event store's fold. */
public record IndexedProduct(String productId, long sequence, boolean discontinued) {
}
