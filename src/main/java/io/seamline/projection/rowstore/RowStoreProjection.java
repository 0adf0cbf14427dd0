package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderEvent;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.EventEnvelope;
import io.seamline.seam.SequenceGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the log into current-state rows. Each batch, with the watermark, is one transaction: the rows it
 * touches are loaded in two queries, the events are applied in memory in log order, each through the
 * {@link SequenceGuard} of its row (redeliveries change nothing, gaps are recorded), and the changes are
 * flushed together.
 */
@ApplicationScoped
public class RowStoreProjection {

    public static final String CONSUMER = "rowstore";

    /** Applies a batch and advances the watermark, all or nothing. */
    public Uni<Void> apply(List<ConsumedEvent> batch) {
        return Panache.withTransaction(() -> load(batch).chain(rows -> {
            Changes changes = new Changes();
            for (ConsumedEvent consumed : batch) {
                applyOne(consumed.envelope(), consumed.event(), rows, changes);
            }
            return Panache.getSession()
                    .chain(session -> session.persistAll(changes.created.toArray()))
                    .chain(() -> advanceWatermark(batch, changes))
                    .chain(() -> advancePartitions(batch));
        }));
    }

    private static Uni<Rows> load(List<ConsumedEvent> batch) {
        List<String> productIds = new ArrayList<>();
        List<String> orderIds = new ArrayList<>();
        for (ConsumedEvent consumed : batch) {
            (consumed.event() instanceof ProductEvent ? productIds : orderIds).add(consumed.envelope().aggregateId());
        }
        Rows rows = new Rows();
        Uni<Void> products = productIds.isEmpty() ? Uni.createFrom().voidItem()
                : ProductRow.<ProductRow>list("id in ?1", productIds).invoke(found -> found.forEach(r -> rows.products.put(r.id, r)))
                .replaceWithVoid();
        return products.chain(() -> orderIds.isEmpty() ? Uni.createFrom().voidItem()
                : OrderRow.<OrderRow>list("id in ?1", orderIds).invoke(found -> found.forEach(r -> rows.orders.put(r.id, r)))
                .replaceWithVoid()).replaceWith(rows);
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
            case GAP -> changes.created.add(gap(stored, envelope));
            case APPLY -> {
            }
        }
        changes.applied++;
        return true;
    }

    private static GapRow gap(long stored, EventEnvelope envelope) {
        GapRow gap = new GapRow();
        gap.consumer = CONSUMER;
        gap.aggregateId = envelope.aggregateId();
        gap.expectedSequence = stored + 1;
        gap.gotSequence = envelope.sequence();
        gap.globalIndex = envelope.globalIndex();
        gap.seenAt = OffsetDateTime.now(ZoneOffset.UTC);
        return gap;
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
            changes.created.add(row);
        }
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
            changes.created.add(row);
        }
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
            case OrderCancelledEvent e -> row.status = "CANCELLED";
        }
        row.sequence = envelope.sequence();
        row.updatedAt = eventTime(envelope);
    }

    private static Uni<Void> advanceWatermark(List<ConsumedEvent> batch, Changes changes) {
        EventEnvelope newest = batch.get(0).envelope();
        for (ConsumedEvent consumed : batch) {
            newest = consumed.envelope().globalIndex() > newest.globalIndex() ? consumed.envelope() : newest;
        }
        EventEnvelope last = newest;
        return WatermarkRow.<WatermarkRow>findById(CONSUMER).chain(found -> {
            WatermarkRow w = found != null ? found : new WatermarkRow();
            if (found == null) {
                w.consumer = CONSUMER;
                w.lastGlobalIndex = -1;
            }
            if (last.globalIndex() > w.lastGlobalIndex) {
                w.lastGlobalIndex = last.globalIndex();
                w.lastEventTime = eventTime(last);
            }
            w.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            w.appliedEvents += changes.applied;
            w.skippedEvents += changes.skipped;
            return w.persist().replaceWithVoid();
        });
    }

    /** Per partition: the next offset and the last event applied, so freshness sees the slowest partition. */
    private static Uni<Void> advancePartitions(List<ConsumedEvent> batch) {
        Map<Integer, ConsumedEvent> lastPerPartition = new HashMap<>();
        for (ConsumedEvent consumed : batch) {
            lastPerPartition.merge(consumed.partition(), consumed, (a, b) -> b.offset() > a.offset() ? b : a);
        }
        List<PartitionProgressRow.Key> keys = lastPerPartition.keySet().stream()
                .map(p -> new PartitionProgressRow.Key(CONSUMER, p)).toList();
        return PartitionProgressRow.<PartitionProgressRow>list("key in ?1", keys).chain(found -> {
            Map<Integer, PartitionProgressRow> rows = new HashMap<>();
            found.forEach(r -> rows.put(r.key.partition, r));
            List<Object> created = new ArrayList<>();
            lastPerPartition.forEach((partition, last) -> {
                PartitionProgressRow row = rows.get(partition);
                if (row == null) {
                    row = new PartitionProgressRow();
                    row.key = new PartitionProgressRow.Key(CONSUMER, partition);
                    created.add(row);
                }
                row.nextOffset = Math.max(row.nextOffset, last.offset() + 1);
                row.lastGlobalIndex = last.envelope().globalIndex();
                row.lastEventTime = eventTime(last.envelope());
            });
            return Panache.getSession().chain(session -> session.persistAll(created.toArray()));
        });
    }

    private static OffsetDateTime eventTime(EventEnvelope envelope) {
        return envelope.timestamp().atOffset(ZoneOffset.UTC);
    }

    /** The rows a batch touches, by aggregate id; new rows are added as the batch creates them. */
    private static final class Rows {
        final Map<String, ProductRow> products = new HashMap<>();
        final Map<String, OrderRow> orders = new HashMap<>();
    }

    /** What a batch did: rows (and gap records) to insert, and how many events it applied or skipped. */
    private static final class Changes {
        final List<Object> created = new ArrayList<>();
        long applied;
        long skipped;
    }
}
