package io.seamline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * Records that a paid order left the warehouse. {@code shippedAt} is when (null: now); an import of past orders
 * sets it, no later than now and not before the order was paid. The HTTP and GraphQL adapters never set it.
 */
public record ShipOrderCommand(@TargetAggregateIdentifier String orderId, @TargetAggregateVersion Long expectedVersion,
                               Instant shippedAt) {

    /** A shipment happening now. */
    public ShipOrderCommand(String orderId, Long expectedVersion) {
        this(orderId, expectedVersion, null);
    }
}
