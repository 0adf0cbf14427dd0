package io.seamline.product.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

import java.util.Map;

/** Some of a product's fields changed; the fields that did not change are null. */
@Revision("1")
public record ProductUpdatedEvent(String productId, String title, String description, String category,
                                  Money price, Map<String, String> attributes) implements ProductEvent {
}
