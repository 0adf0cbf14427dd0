package io.seamline.projection.vector;

import io.seamline.product.api.ProductState;
import io.seamline.product.api.ProductUpdatedEvent;

/**
 * What the vector index keeps per product: the newest sequence applied, the words it embeds (to merge partial
 * updates), the hash of the embedded text and its vector; a discontinued product stays as a tombstone without
 * vector so an older event redelivered later cannot bring it back.
 */
record StoredProduct(String productId, long sequence, String title, String description, long textHash,
                            float[] vector, boolean discontinued) {

    static StoredProduct created(String productId, long sequence, String title, String description) {
        return new StoredProduct(productId, sequence, title, description,
                ProductText.hash(ProductText.of(title, description)), null, false);
    }

    /** The update folded over this product; keeps the vector when the embedded text is unchanged (no re-embedding). */
    StoredProduct updated(long newSequence, ProductUpdatedEvent update) {
        ProductState words = new ProductState(productId, null, title, description, null, null, null);
        if (!words.textChangedBy(update)) {
            return new StoredProduct(productId, newSequence, title, description, textHash, vector, false);
        }
        ProductState merged = words.updated(update);
        return created(productId, newSequence, merged.title(), merged.description());
    }

    StoredProduct discontinuedAt(long newSequence) {
        return new StoredProduct(productId, newSequence, null, null, 0, null, true);
    }

    StoredProduct withVector(float[] embedded) {
        return new StoredProduct(productId, sequence, title, description, textHash, embedded, discontinued);
    }

    String text() {
        return ProductText.of(title, description);
    }

    boolean searchable() {
        return !discontinued && vector != null;
    }
}
