package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.projection.rowstore.OrderRow;
import io.seamline.projection.rowstore.ProductRow;
import io.seamline.seam.event.EventEnvelope;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** What the read endpoints return: the row store's state with the version to send back as If-Match. */
public final class Views {
    private Views() {
    }

    /** A product's current state. */
    public record Product(String id, String sku, String title, String description, String category,
                          Price price, Map<String, String> attributes, boolean discontinued,
                          OffsetDateTime discontinuedAt, long version, OffsetDateTime updatedAt) {
    }

    /** A page of products; pass {@code nextCursor} as {@code cursor} for the next (null: this is the last). */
    public record ProductList(List<Product> items, String nextCursor) {
    }

    /** A page of orders; pass {@code nextCursor} as {@code cursor} for the next (null: this is the last). */
    public record OrderList(List<Order> items, String nextCursor) {
    }

    /** An amount with its currency. */
    public record Price(BigDecimal amount, String currency) {
    }

    /** An order's current state. */
    public record Order(String id, String customerId, String status, List<OrderRow.Line> lines, Price total,
                        OffsetDateTime placedAt, long version, OffsetDateTime updatedAt) {
    }

    /** One event in an aggregate's history. */
    public record HistoryEntry(String eventId, String type, int version, long sequence, Instant timestamp,
                               JsonNode payload) {
    }

    static Product product(ProductRow r) {
        return new Product(r.id, r.sku, r.title, r.description, r.category, new Price(r.priceAmount, r.priceCurrency),
                r.attributes, r.discontinued, r.discontinuedAt, r.sequence, r.updatedAt);
    }

    static Order order(OrderRow r) {
        return new Order(r.id, r.customerId, r.status, r.lines.items(), new Price(r.totalAmount, r.currency), r.placedAt,
                r.sequence, r.updatedAt);
    }

    static HistoryEntry history(EventEnvelope e) {
        return new HistoryEntry(e.eventId(), e.type(), e.version(), e.sequence(), e.timestamp(), e.payload());
    }
}
