package io.seamline.projection.warehouse.lineage;

import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@code daily_revenue} cell folded straight from events in global order, written apart from the warehouse's
 * silver and gold code on purpose: folded from the event store it is the truth a layer is compared with, so a bug in
 * the warehouse's fold shows as a difference instead of being repeated. Folded from bronze it is bronze's number.
 * The rules are those of {@code projections/warehouse/gold/daily_revenue.sql}: an order counts on the UTC day it was
 * placed, a line under the category its product had then, in the line's currency.
 */
final class CellFold {

    static final String PLACED = "PLACED";
    static final String CANCELLED = "CANCELLED";

    /** An order with a line in the cell: what it contributes and its events, oldest first. */
    record OrderTrail(String orderId, BigDecimal amount, long units, List<Step> steps) {

        String status() {
            return steps.getLast().statusAfter();
        }

        OrderShare share() {
            return new OrderShare(orderId, amount, units, CANCELLED.equals(status()));
        }
    }

    /** One event of an order in the cell, and the order's status once it applied. */
    record Step(LoggedEvent event, String statusAfter) {
    }

    private final LocalDate day;
    private final String category;
    private final String currency;
    private final Map<String, String> categories = new HashMap<>();
    private final Map<String, OrderTrail> orders = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();

    CellFold(LocalDate day, String category, String currency) {
        this.day = day;
        this.category = category;
        this.currency = currency;
    }

    /** Applies one event; events must come in global order, a second copy of an event changes nothing. */
    void apply(LoggedEvent logged) {
        if (!seen.add(logged.eventId())) {
            return;
        }
        switch (logged.event()) {
            case ProductCreatedEvent e -> categories.put(e.productId(), e.category());
            case ProductUpdatedEvent e -> {
                if (e.category() != null) { // an update carries only what changed
                    categories.put(e.productId(), e.category());
                }
            }
            case OrderPlacedEvent e -> place(logged, e);
            default -> step(logged); // a later event of an order in the cell: it may change the status
        }
    }

    /** An order's status once an event of {@code type} applied to one that had {@code before}. */
    static String statusAfter(String type, String before) {
        return switch (type) {
            case "OrderPlaced" -> PLACED;
            case "OrderPaid" -> "PAID";
            case "OrderShipped" -> "SHIPPED";
            case "OrderCancelled" -> CANCELLED;
            default -> before;
        };
    }

    private void place(LoggedEvent logged, OrderPlacedEvent e) {
        if (!LocalDate.ofInstant(e.placedAt(), ZoneOffset.UTC).equals(day)) {
            return;
        }
        BigDecimal amount = BigDecimal.ZERO;
        long units = 0;
        boolean inCell = false;
        for (OrderLine line : e.lines()) {
            if (category.equals(categories.get(line.productId())) && currency.equals(line.unitPrice().currency())) {
                inCell = true;
                amount = amount.add(line.amount().amount());
                units += line.quantity();
            }
        }
        if (inCell) {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step(logged, PLACED));
            orders.put(e.orderId(), new OrderTrail(e.orderId(), amount, units, steps));
        }
    }

    private void step(LoggedEvent logged) {
        OrderTrail trail = orders.get(logged.aggregateId());
        if (trail != null) {
            trail.steps().add(new Step(logged, statusAfter(logged.type(), trail.status())));
        }
    }

    /** The orders in the cell by id. */
    Map<String, OrderTrail> orders() {
        return orders;
    }

    List<OrderShare> shares() {
        return orders.values().stream().map(OrderTrail::share).toList();
    }
}
