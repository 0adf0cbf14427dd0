package io.seamline.projection.rowstore;

import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderEvent;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.consume.SequenceGuard;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.Watermarks;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Folds the log into current-state rows. Each batch, with the watermark, is one transaction: the rows it
 * touches are loaded in two queries, the events are applied in memory in log order, each through the
 * {@link SequenceGuard} of its row (redeliveries change nothing, gaps are recorded), and the changed rows
 * are upserted together. Plain JDBC on the consumer's own thread: the batch path runs for every event, and
 * through the reactive ORM it cost more CPU than the commands that produced the events (see the closing
 * note of the foundation issue and docs/evidence/bench-write.md).
 */
@ApplicationScoped
public class RowStoreProjection {

    public static final String CONSUMER = "rowstore";

    private final DataSource dataSource;

    RowStoreProjection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies a batch to the live tables and advances the watermark, all or nothing. */
    public void apply(List<ConsumedEvent> batch) throws SQLException {
        apply(batch, RowStoreTables.LIVE, true);
    }

    /**
     * Applies a batch to {@code tables}, all or nothing; with {@code watermark}, the consumer's watermark and the gaps
     * it saw are recorded in the same transaction (a replay's tables leave them to the live consumer).
     */
    void apply(List<ConsumedEvent> batch, RowStoreTables tables, boolean watermark) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try {
                Rows rows = load(tx, batch, tables);
                Changes changes = new Changes();
                for (ConsumedEvent consumed : batch) {
                    applyOne(consumed.envelope(), consumed.event(), rows, changes);
                }
                tables.upsertProducts(tx, changes.products.values());
                tables.upsertOrders(tx, changes.orders.values());
                if (watermark) {
                    Watermarks.record(tx, CONSUMER, batch, changes.applied, changes.skipped, changes.gaps);
                }
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            } finally {
                tx.setAutoCommit(true);
            }
        }
    }

    /** Throws unless the database answers: a batch failing while it does is about its records, not an outage. */
    public void requireReachable() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(5)) {
                throw new SQLException("the row store's database does not answer", "08006");
            }
        }
    }

    private static Rows load(Connection tx, List<ConsumedEvent> batch, RowStoreTables tables) throws SQLException {
        List<String> productIds = new ArrayList<>();
        List<String> orderIds = new ArrayList<>();
        for (ConsumedEvent consumed : batch) {
            (consumed.event() instanceof ProductEvent ? productIds : orderIds).add(consumed.envelope().aggregateId());
        }
        Rows rows = new Rows();
        tables.loadProducts(tx, productIds, r -> rows.products.put(r.id, r));
        tables.loadOrders(tx, orderIds, r -> rows.orders.put(r.id, r));
        return rows;
    }

    private static void applyOne(EventEnvelope envelope, Object event, Rows rows, Changes changes) {
        switch (event) {
            case ProductEvent product -> {
                ProductRow row = rows.products.get(envelope.aggregateId());
                if (admitted(row == null ? SequenceGuard.NONE : row.sequence, envelope, changes)) {
                    applyProduct(row, product, envelope, rows, changes);
                }
            }
            case OrderEvent order -> {
                OrderRow row = rows.orders.get(envelope.aggregateId());
                if (admitted(row == null ? SequenceGuard.NONE : row.sequence, envelope, changes)) {
                    applyOrder(row, order, envelope, rows, changes);
                }
            }
            default -> throw new IllegalArgumentException("no row model for event type " + envelope.type());
        }
    }

    /** The sequence guard: counts skips, records gaps, and says whether to apply. */
    private static boolean admitted(long stored, EventEnvelope envelope, Changes changes) {
        switch (SequenceGuard.decide(stored, envelope.sequence())) {
            case SKIP -> {
                changes.skipped++;
                return false;
            }
            case GAP -> changes.gaps.add(new Watermarks.Gap(envelope.aggregateId(), stored + 1, envelope.sequence(),
                    envelope.globalIndex()));
            case APPLY -> {
            }
        }
        changes.applied++;
        return true;
    }

    private static void applyProduct(ProductRow existing, ProductEvent event, EventEnvelope envelope, Rows rows,
                                     Changes changes) {
        if (existing == null && !(event instanceof ProductCreatedEvent)) {
            return; // a gap before creation: nothing to update, the gap is recorded
        }
        ProductRow row = existing;
        if (row == null) {
            row = new ProductRow();
            rows.products.put(envelope.aggregateId(), row);
        }
        changes.products.put(envelope.aggregateId(), row);
        switch (event) {
            case ProductCreatedEvent e -> {
                row.id = e.productId();
                row.sku = e.sku();
                row.title = e.title();
                row.description = e.description();
                row.category = e.category();
                row.priceAmount = e.price().amount();
                row.priceCurrency = e.price().currency();
                row.attributes = e.attributes();
            }
            case ProductUpdatedEvent e -> {
                row.title = e.title() != null ? e.title() : row.title;
                row.description = e.description() != null ? e.description() : row.description;
                row.category = e.category() != null ? e.category() : row.category;
                if (e.price() != null) {
                    row.priceAmount = e.price().amount();
                    row.priceCurrency = e.price().currency();
                }
                row.attributes = e.attributes() != null ? e.attributes() : row.attributes;
            }
            case ProductDiscontinuedEvent e -> {
                row.discontinued = true;
                row.discontinuedAt = eventTime(envelope);
            }
        }
        row.sequence = envelope.sequence();
        row.updatedAt = eventTime(envelope);
    }

    private static void applyOrder(OrderRow existing, OrderEvent event, EventEnvelope envelope, Rows rows,
                                   Changes changes) {
        if (existing == null && !(event instanceof OrderPlacedEvent)) {
            return;
        }
        OrderRow row = existing;
        if (row == null) {
            row = new OrderRow();
            rows.orders.put(envelope.aggregateId(), row);
        }
        changes.orders.put(envelope.aggregateId(), row);
        switch (event) {
            case OrderPlacedEvent e -> {
                row.id = e.orderId();
                row.customerId = e.customerId();
                row.status = "PLACED";
                row.lines = new OrderRow.Lines(e.lines().stream().map(l -> new OrderRow.Line(l.productId(), l.title(),
                        l.quantity(), l.unitPrice().amount())).toList());
                row.totalAmount = e.total().amount();
                row.currency = e.total().currency();
                row.placedAt = e.placedAt() != null ? e.placedAt().atOffset(ZoneOffset.UTC) : eventTime(envelope);
            }
            case OrderPaidEvent e -> row.status = "PAID";
            case OrderShippedEvent e -> row.status = "SHIPPED";
            case OrderCancelledEvent e -> {
                row.status = "CANCELLED";
                row.cancelReason = e.reason();
            }
        }
        row.sequence = envelope.sequence();
        row.updatedAt = eventTime(envelope);
    }

    private static OffsetDateTime eventTime(EventEnvelope envelope) {
        return envelope.timestamp().atOffset(ZoneOffset.UTC);
    }

    /** The rows a batch touches, by aggregate id; new rows are added as the batch creates them. */
    private static final class Rows {
        final Map<String, ProductRow> products = new HashMap<>();
        final Map<String, OrderRow> orders = new HashMap<>();
    }

    /** What a batch did: the rows it changed, the gaps it saw, and how many events it applied or skipped. */
    private static final class Changes {
        final Map<String, ProductRow> products = new LinkedHashMap<>();
        final Map<String, OrderRow> orders = new LinkedHashMap<>();
        final List<Watermarks.Gap> gaps = new ArrayList<>();
        long applied;
        long skipped;
    }
}
