package io.seamline.order.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The order's total was paid, at the business time {@code paidAt}. Revision 1 had no {@code paidAt}; it is
 * read as the time the event was stored (see {@code OrderPaidV1Upcaster}).
 */
@Revision("2")
public record OrderPaidEvent(String orderId, Money amount, Instant paidAt) implements OrderEvent {
}
