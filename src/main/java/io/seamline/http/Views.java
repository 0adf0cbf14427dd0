package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.projection.rowstore.OrderRow;
import io.seamline.projection.rowstore.ProductRow;
import io.seamline.seam.event.EventEnvelope;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What the read endpoints return: the row store's state with the aggregate version to send back as If-Match (and
 * as the answer's ETag). Money is always {@link Price}: an amount to the cent and its currency.
 */
public final class Views {
    private Views() {
    }

    /** A product's current state. */
    public record Product(String id, String sku, String title, String description, String category,
                          Price price, Map<String, String> attributes, boolean discontinued,
                          OffsetDateTime discontinuedAt, long aggregateVersion, OffsetDateTime updatedAt) {
    }

    /** A page of products; pass {@code nextCursor} as {@code cursor} for the next (null: this is the last). */
    public record ProductList(List<Product> items, String nextCursor) {
    }

    /** A page of orders; pass {@code nextCursor} as {@code cursor} for the next (null: this is the last). */
    public record OrderList(List<Order> items, String nextCursor) {
    }

    /** An amount with its currency, the amount a plain decimal with two places (19.90, never 1.99E+1). */
    public record Price(BigDecimal amount, String currency) {

        static Price of(BigDecimal amount, String currency) {
            // the reactive client reads numbers inside a JSON column as doubles (2.0): the cents are put back
            return new Price(amount.setScale(2, RoundingMode.HALF_EVEN), currency);
        }
    }

    /** One line of an order, priced when the order was placed. */
    public record OrderLine(String productId, String title, int quantity, Price unitPrice) {
    }

    /** An order's current state. */
    public record Order(String id, String customerId, String status, List<OrderLine> lines, Price total,
                        OffsetDateTime placedAt, String cancelReason, long aggregateVersion,
                        OffsetDateTime updatedAt) {
    }

    /** One event in an aggregate's history. */
    public record HistoryEntry(String eventId, String type, int schemaVersion, long sequence, Instant timestamp,
                               JsonNode payload) {
    }

    static Product product(ProductRow r) {
        return new Product(r.id, r.sku, r.title, r.description, r.category, Price.of(r.priceAmount, r.priceCurrency),
                r.attributes, r.discontinued, r.discontinuedAt, r.sequence, r.updatedAt);
    }

    static Order order(OrderRow r) {
        List<OrderLine> lines = r.lines.items().stream().map(line -> new OrderLine(line.productId(), line.title(),
                line.quantity(), Price.of(line.unitPrice(), r.currency))).toList();
        return new Order(r.id, r.customerId, r.status, lines, Price.of(r.totalAmount, r.currency), r.placedAt,
                r.cancelReason, r.sequence, r.updatedAt);
    }

    static HistoryEntry history(EventEnvelope e) {
        return new HistoryEntry(e.eventId(), e.type(), e.schemaVersion(), e.sequence(), e.timestamp(), e.payload());
    }
}
