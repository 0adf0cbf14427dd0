package io.seamline.projection.vector;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Consumed product events as the runner would hand them over, on one partition with rising offsets. */
final class Events {

    private long offset;
    private long globalIndex;

    ConsumedEvent created(String id, long sequence, String title, String description) {
        return of(new ProductCreatedEvent(id, "SKU-" + id, title, description, "Test",
                new Money(new BigDecimal("9.99"), "EUR"), Map.of()), id, sequence);
    }

    /** Five products of different kinds, created: a kettle, a yoga mat, a backpack, running shoes, a cool box. */
    List<ConsumedEvent> catalogue() {
        return List.of(
                created("kettle", 0, "Stainless steel electric kettle", "1.7 litre, rapid boil, auto shut-off"),
                created("yoga", 0, "Non-slip yoga mat", "6 mm thick, for pilates and stretching"),
                created("backpack", 0, "Laptop backpack", "Padded sleeve for a 15 inch notebook"),
                created("shoes", 0, "Trail running shoes", "Lightweight trainers with grippy soles"),
                created("cooler", 0, "Insulated cool box", "Keeps beverages chilled for a picnic"));
    }

    /** A product with its own category and price in EUR. */
    ConsumedEvent listed(String id, String title, String description, String category, String price) {
        return of(new ProductCreatedEvent(id, "SKU-" + id, title, description, category,
                new Money(new BigDecimal(price), "EUR"), Map.of()), id, 0);
    }

    ConsumedEvent updated(String id, long sequence, String title, String description) {
        return of(new ProductUpdatedEvent(id, title, description, null, null, null), id, sequence);
    }

    ConsumedEvent repriced(String id, long sequence) {
        return of(new ProductUpdatedEvent(id, null, null, null, new Money(new BigDecimal("19.99"), "EUR"), null),
                id, sequence);
    }

    ConsumedEvent discontinued(String id, long sequence) {
        return of(new ProductDiscontinuedEvent(id), id, sequence);
    }

    ConsumedEvent orderPaid(String orderId, long sequence) {
        return of(new OrderPaidEvent(orderId, new Money(new BigDecimal("9.99"), "EUR"), Instant.parse("2026-03-02T12:00:00Z")), orderId, sequence);
    }

    private ConsumedEvent of(Object event, String id, long sequence) {
        globalIndex++;
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.typeName(event.getClass()),
                EventTypes.version(event.getClass()), EventTypes.aggregateType(event.getClass()), id, sequence, globalIndex,
                Instant.parse("2026-11-23T12:00:00Z").plusSeconds(globalIndex), null, null);
        return new ConsumedEvent(envelope, event, 0, offset++);
    }
}
