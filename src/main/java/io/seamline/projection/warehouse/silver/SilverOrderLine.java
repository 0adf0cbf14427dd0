package io.seamline.projection.warehouse.silver;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A row of {@code silver_order_lines}; {@code category} is the product's category in silver when the order
 * was placed (null if silver did not know the product then), so later catalogue edits do not rewrite history.
 */
public record SilverOrderLine(String orderId, int lineNo, String productId, String title, String category,
                              int quantity, BigDecimal unitPrice, BigDecimal amount, String currency,
                              LocalDate orderDate) {
}
