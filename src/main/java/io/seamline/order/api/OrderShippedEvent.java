package io.seamline.order.api;

import org.axonframework.serialization.Revision;

/** A paid order was shipped. */
@Revision("1")
public record OrderShippedEvent(String orderId) implements OrderEvent {
}
