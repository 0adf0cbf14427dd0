package io.seamline.projection.warehouse;

import io.seamline.domain.CategoryPath;
import io.seamline.projection.warehouse.gold.DailyRevenue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolls dashboard rows up to the first n levels of their category: one row per day, category prefix and currency,
 * whose gross, net, orders, cancelled orders and units are the sums of the rows below it and whose average order value
 * is recomputed from those sums. An order is counted once per category row it has lines in, so an order with lines in
 * two subcategories of one top-level category counts twice at level 1: {@code orders} in a roll-up counts
 * (order, category) pairs, as summing the view's rows does, not distinct orders.
 */
final class RevenueRollup {

    private RevenueRollup() {
    }

    /** {@code rows} rolled up to {@code level} levels, in {@link RevenueCursor#ORDER}. */
    static List<DailyRevenue> rollUp(List<DailyRevenue> rows, int level) {
        Map<RevenueCursor, DailyRevenue> sums = new TreeMap<>(RevenueCursor.ORDER);
        for (DailyRevenue row : rows) {
            String category = CategoryPath.upTo(row.category(), level);
            sums.merge(new RevenueCursor(0, row.day(), category, row.currency()), relabel(row, category),
                    RevenueRollup::add);
        }
        return List.copyOf(sums.values());
    }

    private static DailyRevenue relabel(DailyRevenue row, String category) {
        return DailyRevenue.of(row.day(), category, row.currency(), row.grossRevenue(), row.netRevenue(), row.orders(),
                row.cancelledOrders(), row.units());
    }

    private static DailyRevenue add(DailyRevenue a, DailyRevenue b) {
        LocalDate day = a.day();
        BigDecimal gross = a.grossRevenue().add(b.grossRevenue());
        BigDecimal net = a.netRevenue().add(b.netRevenue());
        return DailyRevenue.of(day, a.category(), a.currency(), gross, net, a.orders() + b.orders(),
                a.cancelledOrders() + b.cancelledOrders(), a.units() + b.units());
    }
}
