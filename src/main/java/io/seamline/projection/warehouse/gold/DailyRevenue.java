package io.seamline.projection.warehouse.gold;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/** A row of the {@code daily_revenue} view: the sales of one day, category and currency. */
public record DailyRevenue(LocalDate day, String category, String currency, BigDecimal grossRevenue,
                           BigDecimal netRevenue, long orders, long cancelledOrders, long units,
                           BigDecimal avgOrderValue) {

    /**
     * The row of these sums, its average order value computed as the view defines it: net revenue over the orders not
     * cancelled, rounded half-even to the cent; null when every order was cancelled.
     */
    public static DailyRevenue of(LocalDate day, String category, String currency, BigDecimal grossRevenue,
                                  BigDecimal netRevenue, long orders, long cancelledOrders, long units) {
        long active = orders - cancelledOrders;
        BigDecimal average = active == 0 ? null
                : netRevenue.divide(BigDecimal.valueOf(active), 2, RoundingMode.HALF_EVEN);
        return new DailyRevenue(day, category, currency, grossRevenue, netRevenue, orders, cancelledOrders, units,
                average);
    }
}
