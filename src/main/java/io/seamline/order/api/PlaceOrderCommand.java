package io.seamline.order.api;

import java.time.Instant;
import java.util.List;

/**
 * A customer orders products; prices and titles are taken from the catalogue at this moment.
 * {@code placedAt} is when the customer ordered (null: now); an import of past orders sets it.
 */
public record PlaceOrderCommand(String orderId, String customerId, List<RequestedLine> lines, Instant placedAt) {

    /** One product and how many of it. */
    public record RequestedLine(String productId, int quantity) {
    }
}
