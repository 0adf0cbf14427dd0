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
import java.util.Map;

/** A product's current state, for point reads by id or SKU. */
@Entity
@Table(name = "rowstore_product")
public class ProductRow extends PanacheEntityBase {
    @Id
    public String id;
    public String sku;
    public String title;
    public String description;
    public String category;
    @Column(name = "price_amount")
    public BigDecimal priceAmount;
    @Column(name = "price_currency")
    public String priceCurrency;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> attributes;
    public boolean discontinued;
    @Column(name = "discontinued_at")
    public OffsetDateTime discontinuedAt;
    /** Sequence of the last event applied: with the id, the idempotency key. */
    public long sequence;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
