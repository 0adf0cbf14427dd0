package io.seamline.projection.warehouse.silver;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code silver_products}: a product's current version, with the sequence it was folded to. */
public record SilverProduct(String productId, String sku, String title, String description, String category,
                            BigDecimal price, String currency, String attributes, boolean discontinued,
                            Instant discontinuedAt, long sequence, long globalIndex, Instant updatedAt) {
}
