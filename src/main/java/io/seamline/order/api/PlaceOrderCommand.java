package io.seamline.order.api;

import java.util.List;

/** A customer orders products; prices and titles are taken from the catalogue at this moment. */
public record PlaceOrderCommand(String orderId, String customerId, List<RequestedLine> lines) {

    /** One product and how many of it. */
    public record RequestedLine(String productId, int quantity) {
    }
}
