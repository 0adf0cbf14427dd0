package io.seamline.order.api;

import org.axonframework.serialization.Revision;

/** The order was cancelled before it shipped. */
@Revision("1")
public record OrderCancelledEvent(String orderId, String reason) implements OrderEvent {
}
