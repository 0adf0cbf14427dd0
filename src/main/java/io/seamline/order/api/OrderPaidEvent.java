package io.seamline.order.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

/** The order's total was paid. */
@Revision("1")
public record OrderPaidEvent(String orderId, Money amount) implements OrderEvent {
}
