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
import java.util.List;
import java.util.function.Supplier;

/**
 * Folds the log into current-state rows. Each batch, with the watermark, is one transaction; each event
 * passes the {@link SequenceGuard} of its row, so redeliveries change nothing and gaps are recorded.
 */
@ApplicationScoped
public class RowStoreProjection {

    public static final String CONSUMER = "rowstore";

    /** Applies a batch and advances the watermark, all or nothing. */
    public Uni<Void> apply(List<ConsumedEvent> batch) {
        return Panache.withTransaction(() -> {
            Counts counts = new Counts();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumedEvent consumed : batch) {
                chain = chain.chain(() -> applyOne(consumed.envelope(), consumed.event(), counts));
            }
            return chain.chain(() -> advanceWatermark(batch, counts));
        });
    }

    private Uni<Void> applyOne(EventEnvelope envelope, Object event, Counts counts) {
        return switch (event) {
            case ProductEvent product -> ProductRow.<ProductRow>findById(envelope.aggregateId()).chain(row ->
                    guarded(row == null ? SequenceGuard.NONE : row.sequence, envelope, counts,
                            () -> applyProduct(row, product, envelope)));
            case OrderEvent order -> OrderRow.<OrderRow>findById(envelope.aggregateId()).chain(row ->
                    guarded(row == null ? SequenceGuard.NONE : row.sequence, envelope, counts,
                            () -> applyOrder(row, order, envelope)));
            default -> throw new IllegalArgumentException("no row model for event type " + envelope.type());
        };
    }

    private Uni<Void> guarded(long stored, EventEnvelope envelope, Counts counts, Supplier<Uni<Void>> apply) {
        return switch (SequenceGuard.decide(stored, envelope.sequence())) {
            case SKIP -> {
                counts.skipped++;
                yield Uni.createFrom().voidItem();
            }
            case APPLY -> {
                counts.applied++;
                yield apply.get();
            }
            case GAP -> {
                counts.applied++;
                yield recordGap(stored, envelope).chain(() -> apply.get());
            }
        };
    }

    private Uni<Void> recordGap(long stored, EventEnvelope envelope) {
        GapRow gap = new GapRow();
        gap.consumer = CONSUMER;
        gap.aggregateId = envelope.aggregateId();
        gap.expectedSequence = stored + 1;
        gap.gotSequence = envelope.sequence();
        gap.globalIndex = envelope.globalIndex();
        gap.seenAt = OffsetDateTime.now(ZoneOffset.UTC);
        return gap.persist().replaceWithVoid();
    }

    private static Uni<Void> applyProduct(ProductRow existing, ProductEvent event, EventEnvelope envelope) {
        if (existing == null && !(event instanceof ProductCreatedEvent)) {
            return Uni.createFrom().voidItem(); // a gap before creation: nothing to update, the gap is recorded
        }
        ProductRow row = existing == null ? new ProductRow() : existing;
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
        return row.persist().replaceWithVoid();
    }

    private static Uni<Void> applyOrder(OrderRow existing, OrderEvent event, EventEnvelope envelope) {
        if (existing == null && !(event instanceof OrderPlacedEvent)) {
            return Uni.createFrom().voidItem();
        }
        OrderRow row = existing == null ? new OrderRow() : existing;
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
        return row.persist().replaceWithVoid();
    }

    private static Uni<Void> advanceWatermark(List<ConsumedEvent> batch, Counts counts) {
        EventEnvelope last = batch.get(0).envelope();
        for (ConsumedEvent consumed : batch) {
            last = consumed.envelope().globalIndex() > last.globalIndex() ? consumed.envelope() : last;
        }
        EventEnvelope newest = last;
        return WatermarkRow.<WatermarkRow>findById(CONSUMER).chain(found -> {
            WatermarkRow w = found != null ? found : new WatermarkRow();
            if (found == null) {
                w.consumer = CONSUMER;
                w.lastGlobalIndex = -1;
            }
            if (newest.globalIndex() > w.lastGlobalIndex) {
                w.lastGlobalIndex = newest.globalIndex();
                w.lastEventTime = eventTime(newest);
            }
            w.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            w.appliedEvents += counts.applied;
            w.skippedEvents += counts.skipped;
            return w.persist().replaceWithVoid();
        });
    }

    private static OffsetDateTime eventTime(EventEnvelope envelope) {
        return envelope.timestamp().atOffset(ZoneOffset.UTC);
    }

    private static final class Counts {
        long applied;
        long skipped;
    }
}
