package io.seamline.projection.warehouse.gold;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of the {@code daily_revenue} view: the sales of one day, category and currency. */
public record DailyRevenue(LocalDate day, String category, String currency, BigDecimal grossRevenue,
                           BigDecimal netRevenue, long orders, long cancelledOrders, long units,
                           BigDecimal avgOrderValue) {
}
