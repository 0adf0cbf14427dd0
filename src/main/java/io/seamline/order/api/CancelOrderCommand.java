package io.seamline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Cancels an order that has not shipped. */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, @TargetAggregateVersion Long expectedVersion,
                                 String reason) {
}
