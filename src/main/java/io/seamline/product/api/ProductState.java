package io.seamline.product.api;

import io.seamline.domain.Money;

import java.util.Map;

/**
 * A product's current fields as its events fold them, for read models that keep whole documents (the search
 * indexes): an update carries only the fields that changed, so it is applied over what the product had.
 */
public record ProductState(String productId, String sku, String title, String description, String category,
                           Money price, Map<String, String> attributes) {

    public static ProductState created(ProductCreatedEvent e) {
        return new ProductState(e.productId(), e.sku(), e.title(), e.description(), e.category(), e.price(),
                e.attributes() == null ? Map.of() : Map.copyOf(e.attributes()));
    }

    /** This product with the update's non-null fields in place of its own. */
    public ProductState updated(ProductUpdatedEvent e) {
        return new ProductState(productId, sku, or(e.title(), title), or(e.description(), description),
                or(e.category(), category), or(e.price(), price),
                e.attributes() == null ? attributes : Map.copyOf(e.attributes()));
    }

    /** Whether the update changes what a product says about itself in words (its title or description). */
    public boolean textChangedBy(ProductUpdatedEvent e) {
        return (e.title() != null && !e.title().equals(title))
                || (e.description() != null && !e.description().equals(description));
    }

    private static <T> T or(T changed, T current) {
        return changed != null ? changed : current;
    }
}
