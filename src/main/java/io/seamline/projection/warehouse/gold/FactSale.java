package io.seamline.projection.warehouse.gold;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code fact_sales}: one order line with its order's context and current status. */
public record FactSale(String orderId, int lineNo, LocalDate orderDate, Instant placedAt, String customerId,
                       String productId, String title, String category, int quantity, BigDecimal unitPrice,
                       BigDecimal amount, String currency, String status) {

    FactSale withStatus(String newStatus) {
        return new FactSale(orderId, lineNo, orderDate, placedAt, customerId, productId, title, category, quantity,
                unitPrice, amount, currency, newStatus);
    }
}
