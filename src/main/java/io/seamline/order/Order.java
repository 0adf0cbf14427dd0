package io.seamline.order;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.domain.StoredTime;
import io.seamline.domain.Text;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/** An order's life: placed, then paid, then shipped; cancellable until it ships. */
class Order {

    /** Where an order is in its life; each command is allowed from some of these only. */
    public enum Status { PLACED, PAID, SHIPPED, CANCELLED }

    @AggregateIdentifier
    private String id;
    private Money total;
    private Status status;
    /** When the order reached its current status (placed, paid or shipped): a later step may not come before it. */
    private Instant statusSince;

    protected Order() {
        // for Axon: rebuilt from its events
    }

    /** Placement is dispatched by {@link OrderCommandHandler}, which prices the lines from the catalogue. */
    Order(String orderId, String customerId, List<OrderLine> lines, Instant placedAt) {
        Text.required("orderId", orderId, Text.ID);
        Text.required("customerId", customerId, Text.CUSTOMER_ID);
        if (lines == null || lines.isEmpty()) {
            throw new RuleViolation("required", "lines", "an order needs at least one line");
        }
        Money sum = null;
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            if (line.quantity() <= 0) {
                throw new RuleViolation("quantity-positive", "lines[" + i + "].quantity", "quantity must be at least 1");
            }
            if (!line.unitPrice().positive()) {
                throw new RuleViolation("price-positive", "lines[" + i + "].unitPrice", "unit price must be greater than zero");
            }
            sum = sum == null ? line.amount() : sum.plus(line.amount());
        }
        if (!sum.storable()) {
            // every line is at most the total (amounts are positive), so this bounds the lines' amounts as well
            throw new RuleViolation("total-too-large", "lines", "the order total " + sum.amount().toPlainString()
                    + " exceeds " + Money.MAX_AMOUNT.toPlainString() + ", the largest amount every store keeps");
        }
        if (placedAt != null && !StoredTime.holds(placedAt)) {
            throw new RuleViolation("out-of-range", "placedAt", "placedAt must lie in the years 1 to 9999");
        }
        apply(new OrderPlacedEvent(orderId, customerId, List.copyOf(lines), sum, placedAt));
    }

    @CommandHandler
    public long handle(PayOrderCommand command) {
        requireStatus("pay", Status.PLACED);
        apply(new OrderPaidEvent(id, total, businessTime("paidAt", command.paidAt())));
        return getVersion();
    }

    @CommandHandler
    public long handle(ShipOrderCommand command) {
        requireStatus("ship", Status.PAID);
        apply(new OrderShippedEvent(id, businessTime("shippedAt", command.shippedAt())));
        return getVersion();
    }

    @CommandHandler
    public long handle(CancelOrderCommand command) {
        requireStatus("cancel", Status.PLACED, Status.PAID);
        Text.multiLine("reason", command.reason());
        apply(new OrderCancelledEvent(id, command.reason()));
        return getVersion();
    }

    /**
     * The time a step happened: now when not given; a given (imported) time must not lie in the future, which no
     * log could have recorded yet, nor before the previous step of the order.
     */
    private Instant businessTime(String field, Instant given) {
        if (given == null) {
            return Instant.now();
        }
        if (!StoredTime.holds(given)) {
            throw new RuleViolation("out-of-range", field, field + " must lie in the years 1 to 9999");
        }
        if (given.isAfter(Instant.now())) {
            throw new RuleViolation("not-in-future", field, field + " " + given + " is later than now");
        }
        if (statusSince != null && given.isBefore(statusSince)) {
            throw new RuleViolation("out-of-order", field,
                    field + " " + given + " is before the order's previous step at " + statusSince);
        }
        return given;
    }

    private void requireStatus(String action, Status... allowed) {
        for (Status s : allowed) {
            if (status == s) {
                return;
            }
        }
        throw new RuleViolation("illegal-transition", null,
                "cannot " + action + " order " + id + " while it is " + status.name().toLowerCase());
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        id = event.orderId();
        total = event.total();
        status = Status.PLACED;
        statusSince = event.placedAt();
    }

    @EventSourcingHandler
    void on(OrderPaidEvent event) {
        status = Status.PAID;
        statusSince = event.paidAt();
    }

    @EventSourcingHandler
    void on(OrderShippedEvent event) {
        status = Status.SHIPPED;
        statusSince = event.shippedAt();
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = Status.CANCELLED;
    }
}
