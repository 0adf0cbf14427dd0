package io.seamline.order.api;

/** Every event of an order, so consumers can switch over them exhaustively. */
public sealed interface OrderEvent permits OrderPlacedEvent, OrderPaidEvent, OrderShippedEvent, OrderCancelledEvent {
    String orderId();
}
