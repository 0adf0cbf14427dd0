package io.seamline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * Records the payment of an order's total. {@code paidAt} is when it was paid (null: now); an import of past
 * orders sets it, no later than now and not before the order was placed. The HTTP and GraphQL adapters never
 * set it.
 */
public record PayOrderCommand(@TargetAggregateIdentifier String orderId, @TargetAggregateVersion Long expectedVersion,
                              Instant paidAt) {

    /** A payment happening now. */
    public PayOrderCommand(String orderId, Long expectedVersion) {
        this(orderId, expectedVersion, null);
    }
}
