package io.seamline.order;

import io.seamline.order.api.OrderPaidEvent;

/** OrderPaid v1 had no {@code paidAt}; read as v2 paid when the event was stored. */
public final class OrderPaidV1Upcaster extends BusinessTimeV1Upcaster {

    public OrderPaidV1Upcaster() {
        super(OrderPaidEvent.class, "paidAt");
    }
}
