package io.seamline.projection.vector;

import io.seamline.domain.Money;
import io.seamline.product.api.ProductState;
import io.seamline.product.api.ProductUpdatedEvent;

/**
 * What the vector index keeps per product: the newest sequence applied, the words it embeds (to merge partial
 * updates), the hash of the embedded text and its vector, and the category and price a {@link SearchFilter} reads;
 * a discontinued product stays as a tombstone without vector so an older event redelivered later cannot bring it
 * back.
 */
record StoredProduct(String productId, long sequence, String title, String description, long textHash,
                     float[] vector, boolean discontinued, String category, Money price) {

    static StoredProduct created(String productId, long sequence, String title, String description, String category,
                                 Money price) {
        return new StoredProduct(productId, sequence, title, description,
                ProductText.hash(ProductText.of(title, description)), null, false, category, price);
    }

    /** The update folded over this product; keeps the vector when the embedded text is unchanged (no re-embedding). */
    StoredProduct updated(long newSequence, ProductUpdatedEvent update) {
        ProductState before = new ProductState(productId, null, title, description, category, price, null);
        ProductState after = before.updated(update);
        if (!before.textChangedBy(update)) {
            return new StoredProduct(productId, newSequence, title, description, textHash, vector, false,
                    after.category(), after.price());
        }
        return created(productId, newSequence, after.title(), after.description(), after.category(), after.price());
    }

    static StoredProduct tombstone(String productId, long sequence) {
        return new StoredProduct(productId, sequence, null, null, 0, null, true, null, null);
    }

    StoredProduct discontinuedAt(long newSequence) {
        return tombstone(productId, newSequence);
    }

    StoredProduct withVector(float[] embedded) {
        return new StoredProduct(productId, sequence, title, description, textHash, embedded, discontinued, category,
                price);
    }

    String text() {
        return ProductText.of(title, description);
    }

    boolean searchable() {
        return !discontinued && vector != null;
    }

    /** Whether a search narrowed by the filter may return this product. */
    boolean passes(SearchFilter filter) {
        return searchable() && filter.accepts(category, price);
    }
}
