package io.seamline.order.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** An order was placed with priced lines and their total, at the business time {@code placedAt}. */
@Revision("1")
public record OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total,
                               Instant placedAt) implements OrderEvent {
}
