package io.seamline.product.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

import java.util.Map;

/** A product entered the catalogue. Revision 2 carries the price with its currency (v1 had a bare number). */
@Revision("2")
public record ProductCreatedEvent(String productId, String sku, String title, String description,
                                  String category, Money price, Map<String, String> attributes) implements ProductEvent {
}
