package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** An order's current state, with its lines as priced at order time. */
@Entity
@Table(name = "rowstore_order")
public class OrderRow extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    public String status;
    /** Wrapped in an object: the reactive client reads a JSON column as an object, not an array. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Lines lines;
    @Column(name = "total_amount")
    public BigDecimal totalAmount;
    public String currency;
    @Column(name = "placed_at")
    public OffsetDateTime placedAt;
    public long sequence;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    /** Why the order was cancelled; null while it is not. */
    @Column(name = "cancel_reason")
    public String cancelReason;

    /** The order's lines. */
    public record Lines(List<Line> items) {
    }

    /** One order line. */
    public record Line(String productId, String title, int quantity, BigDecimal unitPrice) {
    }
}
