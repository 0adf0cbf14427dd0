package io.seamline.product.api;

import io.seamline.domain.Money;

import java.util.Map;

/** Adds a product to the catalogue; the SKU must not belong to another product. */
public record CreateProductCommand(String productId, String sku, String title, String description,
                                   String category, Money price, Map<String, String> attributes) {
}
