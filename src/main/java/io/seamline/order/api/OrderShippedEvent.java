package io.seamline.order.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A paid order was shipped, at the business time {@code shippedAt}. Revision 1 had no {@code shippedAt}; it is
 * read as the time the event was stored (see {@code OrderShippedV1Upcaster}).
 */
@Revision("2")
public record OrderShippedEvent(String orderId, Instant shippedAt) implements OrderEvent {
}
