package io.seamline.projection.warehouse.gold;

import io.seamline.projection.warehouse.silver.GoldDelta;
import io.seamline.projection.warehouse.silver.SilverChanges;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverOrderLine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gold layer: {@code fact_sales} (one row per order line) and the {@code daily_revenue} view by day,
 * category and currency, both maintained incrementally from silver's deltas. The view keeps exact
 * accumulators per key and is never recomputed; {@code projections/warehouse/gold/*.sql} define the same
 * tables over silver, and a property test holds the two equal.
 */
public final class Gold {

    // DuckDB's default order (NULLS LAST), so the view reads the same as its SQL definition
    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::day)
            .thenComparing(Key::category, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Key::currency);

    // hashed: every delta looks up its order; factSales() sorts by order id when the whole table is read
    private final Map<String, OrderFacts> facts = new HashMap<>();
    // hashed too: every fact looks up its key (a refold does so for every order line), the view sorts when it is read
    private final Map<Key, Accumulator> revenue = new HashMap<>();

    /**
     * Gold as it was stored. The view's accumulators are read back from its own rows, which hold every one
     * of them exactly (gross, net, orders, cancelled orders, units; the average is derived), so a restart
     * costs one pass over the view and continues from what readers saw, without recomputing from facts.
     * The facts are needed too: a later cancellation moves its order's line amounts out of net.
     */
    public static Gold restore(Collection<FactSale> factSales, Collection<DailyRevenue> dailyRevenue) {
        Gold gold = new Gold();
        Map<String, List<FactSale>> byOrder = new LinkedHashMap<>();
        for (FactSale fact : factSales) {
            byOrder.computeIfAbsent(fact.orderId(), id -> new ArrayList<>()).add(fact);
        }
        byOrder.forEach((orderId, rows) -> {
            rows.sort(Comparator.comparingInt(FactSale::lineNo));
            gold.facts.put(orderId, new OrderFacts(rows.getFirst().status(), List.copyOf(rows)));
        });
        for (DailyRevenue row : dailyRevenue) {
            Accumulator accumulator = new Accumulator();
            accumulator.gross = row.grossRevenue();
            accumulator.net = row.netRevenue();
            accumulator.orders = row.orders();
            accumulator.cancelledOrders = row.cancelledOrders();
            accumulator.units = row.units();
            gold.revenue.put(new Key(row.day(), row.category(), row.currency()), accumulator);
        }
        return gold;
    }

    /** Folds in the deltas of one silver batch. */
    public GoldChanges apply(SilverChanges changes) {
        return apply(changes.goldDeltas());
    }

    /** Folds in deltas in the order silver produced them. */
    public GoldChanges apply(List<GoldDelta> deltas) {
        Set<String> orderIds = new LinkedHashSet<>();
        Set<LocalDate> days = new LinkedHashSet<>();
        for (GoldDelta delta : deltas) {
            switch (delta) {
                case GoldDelta.Placed placed -> {
                    if (place(placed)) {
                        orderIds.add(placed.order().orderId());
                        days.add(placed.order().orderDate());
                    }
                }
                case GoldDelta.StatusChanged changed -> {
                    if (changeStatus(changed.order())) {
                        orderIds.add(changed.order().orderId());
                        days.add(changed.order().orderDate());
                    }
                }
            }
        }
        return new GoldChanges(orderIds, days);
    }

    /** All facts by order id and line number. */
    public List<FactSale> factSales() {
        return new TreeMap<>(facts).values().stream().flatMap(f -> f.rows().stream()).toList();
    }

    /** The facts of one order, empty if gold does not have it. */
    public List<FactSale> factSales(String orderId) {
        OrderFacts of = facts.get(orderId);
        return of == null ? List.of() : of.rows();
    }

    /** The view by day, category (nulls last) and currency. */
    public List<DailyRevenue> dailyRevenue() {
        List<DailyRevenue> rows = new ArrayList<>(revenue.size());
        revenue.entrySet().stream().sorted(Map.Entry.comparingByKey(KEY_ORDER))
                .forEach(entry -> rows.add(entry.getValue().row(entry.getKey())));
        return rows;
    }

    private boolean place(GoldDelta.Placed placed) {
        SilverOrder order = placed.order();
        if (facts.containsKey(order.orderId())) {
            return false; // silver places an order once; a delta handed in twice must not count it twice
        }
        List<FactSale> rows = placed.lines().stream().map(line -> fact(order, line)).toList();
        facts.put(order.orderId(), new OrderFacts(order.status(), rows));
        shares(rows).forEach((key, share) ->
                revenue.computeIfAbsent(key, k -> new Accumulator()).place(share, order.cancelled()));
        return true;
    }

    private boolean changeStatus(SilverOrder order) {
        OrderFacts before = facts.get(order.orderId());
        if (before == null) {
            // silver reports status changes only for orders it placed, and gold saw every placement
            throw new IllegalStateException("gold has no facts for order " + order.orderId()
                    + ": silver and gold disagree");
        }
        if (before.status().equals(order.status())) {
            return false;
        }
        List<FactSale> rows = before.rows().stream().map(f -> f.withStatus(order.status())).toList();
        facts.put(order.orderId(), new OrderFacts(order.status(), rows));
        boolean wasCancelled = SilverOrder.CANCELLED.equals(before.status());
        if (wasCancelled != order.cancelled()) {
            // the order stays in gross, units and orders; only its net share and the cancelled count move
            shares(rows).forEach((key, share) -> revenue.get(key).cancel(share, order.cancelled()));
        }
        return true;
    }

    private static FactSale fact(SilverOrder order, SilverOrderLine line) {
        return new FactSale(order.orderId(), line.lineNo(), order.orderDate(), order.placedAt(), order.customerId(),
                line.productId(), line.title(), line.category(), line.quantity(), line.unitPrice(), line.amount(),
                line.currency(), order.status());
    }

    /** One order's amount and units per key: an order with two lines under one key counts once there. */
    private static Map<Key, Share> shares(List<FactSale> rows) {
        Map<Key, Share> shares = new LinkedHashMap<>();
        for (FactSale row : rows) {
            shares.merge(new Key(row.orderDate(), row.category(), row.currency()),
                    new Share(row.amount(), row.quantity()),
                    (a, b) -> new Share(a.amount().add(b.amount()), a.units() + b.units()));
        }
        return shares;
    }

    /** A row key of the view; the category may be null. */
    private record Key(LocalDate day, String category, String currency) {
    }

    /** An order's facts with the status they carry. */
    private record OrderFacts(String status, List<FactSale> rows) {
    }

    /** What one order contributes to one key. */
    private record Share(BigDecimal amount, long units) {
    }

    /** The exact running totals of one key. */
    private static final class Accumulator {
        BigDecimal gross = BigDecimal.ZERO.setScale(2);
        BigDecimal net = BigDecimal.ZERO.setScale(2);
        long orders;
        long cancelledOrders;
        long units;

        void place(Share share, boolean cancelled) {
            gross = gross.add(share.amount());
            units += share.units();
            orders++;
            if (cancelled) {
                cancelledOrders++;
            } else {
                net = net.add(share.amount());
            }
        }

        /** Moves an order's share out of net ({@code cancelled}) or back into it. */
        void cancel(Share share, boolean cancelled) {
            net = cancelled ? net.subtract(share.amount()) : net.add(share.amount());
            cancelledOrders += cancelled ? 1 : -1;
        }

        DailyRevenue row(Key key) {
            return DailyRevenue.of(key.day(), key.category(), key.currency(), gross, net, orders, cancelledOrders,
                    units);
        }
    }
}
