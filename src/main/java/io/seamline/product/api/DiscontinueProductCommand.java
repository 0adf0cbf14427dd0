package io.seamline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Takes a product off sale for good; it can no longer be ordered or changed. */
public record DiscontinueProductCommand(@TargetAggregateIdentifier String productId,
                                        @TargetAggregateVersion Long expectedVersion) {
}
