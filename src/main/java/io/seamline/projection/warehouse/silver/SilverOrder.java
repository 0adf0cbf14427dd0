package io.seamline.projection.warehouse.silver;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code silver_orders}: an order's current status and when it reached each one. */
public record SilverOrder(String orderId, String customerId, String status, BigDecimal total, String currency,
                          Instant placedAt, LocalDate orderDate, Instant paidAt, Instant shippedAt,
                          Instant cancelledAt, long sequence, long globalIndex, Instant updatedAt) {

    public static final String PLACED = "PLACED";
    public static final String PAID = "PAID";
    public static final String SHIPPED = "SHIPPED";
    public static final String CANCELLED = "CANCELLED";

    public boolean cancelled() {
        return CANCELLED.equals(status);
    }
}
