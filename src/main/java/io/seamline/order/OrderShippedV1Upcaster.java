package io.seamline.order;

import io.seamline.order.api.OrderShippedEvent;

/** OrderShipped v1 had no {@code shippedAt}; read as v2 shipped when the event was stored. */
public final class OrderShippedV1Upcaster extends BusinessTimeV1Upcaster {

    public OrderShippedV1Upcaster() {
        super(OrderShippedEvent.class, "shippedAt");
    }
}
