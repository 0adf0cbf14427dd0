package io.seamline.order.api;

import io.seamline.domain.Money;
import org.axonframework.serialization.Revision;

import java.util.List;

/** An order was placed with priced lines and their total. */
@Revision("1")
public record OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total) implements OrderEvent {
}
