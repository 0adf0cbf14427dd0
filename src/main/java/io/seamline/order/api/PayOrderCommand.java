package io.seamline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Records the payment of an order's total. */
public record PayOrderCommand(@TargetAggregateIdentifier String orderId, @TargetAggregateVersion Long expectedVersion) {
}
