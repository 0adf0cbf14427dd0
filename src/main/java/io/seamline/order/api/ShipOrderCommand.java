package io.seamline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Records that a paid order left the warehouse. */
public record ShipOrderCommand(@TargetAggregateIdentifier String orderId, @TargetAggregateVersion Long expectedVersion) {
}
