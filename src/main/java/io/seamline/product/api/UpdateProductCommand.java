package io.seamline.product.api;

import io.seamline.domain.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Map;

/** Changes any subset of a product's fields; a null field is left as it is. The SKU never changes. */
public record UpdateProductCommand(@TargetAggregateIdentifier String productId,
                                   @TargetAggregateVersion Long expectedVersion,
                                   String title, String description, String category, Money price,
                                   Map<String, String> attributes) {
}
