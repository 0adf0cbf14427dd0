package io.seamline.projection.warehouse;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;

/**
 * The Arrow schema of every warehouse table, in one place. Money is DECIMAL(18,2) (kept to the cent, as in
 * the domain), times are UTC microsecond timestamps, days are DATE. {@code projections/warehouse/contract.yaml}
 * declares the same schemas, and a test keeps the two equal.
 */
public final class WarehouseSchemas {

    public static final int MONEY_PRECISION = 18;
    public static final int MONEY_SCALE = 2;

    public static final Schema BRONZE_EVENTS = new Schema(List.of(
            text("event_id"), text("type"), int32("version"), text("aggregate_type"), text("aggregate_id"),
            int64("sequence"), int64("global_index"), int32("kafka_partition"), int64("kafka_offset"),
            timestamp("event_time"), timestamp("ingested_at"), nullable(text("correlation_id")), text("payload")));

    /** Records the landing could not accept, with the reason; the landing goes on past them. */
    public static final Schema BRONZE_QUARANTINE = new Schema(List.of(
            int32("kafka_partition"), int64("kafka_offset"), nullable(text("event_id")), nullable(text("type")),
            text("reason"), text("record"), timestamp("quarantined_at")));

    /** A product's current version; category is optional in the catalogue (ProductCreated allows null). */
    public static final Schema SILVER_PRODUCTS = new Schema(List.of(
            text("product_id"), text("sku"), text("title"), nullable(text("description")), nullable(text("category")),
            money("price"), text("currency"), nullable(text("attributes")), bool("discontinued"),
            nullable(timestamp("discontinued_at")), int64("sequence"), int64("global_index"),
            timestamp("updated_at")));

    public static final Schema SILVER_ORDERS = new Schema(List.of(
            text("order_id"), text("customer_id"), text("status"), money("total"), text("currency"),
            timestamp("placed_at"), date("order_date"), nullable(timestamp("paid_at")),
            nullable(timestamp("shipped_at")), nullable(timestamp("cancelled_at")), int64("sequence"),
            int64("global_index"), timestamp("updated_at")));

    /** One row per order line; category is the product's category when the order was placed. */
    public static final Schema SILVER_ORDER_LINES = new Schema(List.of(
            text("order_id"), int32("line_no"), text("product_id"), text("title"), nullable(text("category")),
            int32("quantity"), money("unit_price"), money("amount"), text("currency"), date("order_date")));

    public static final Schema GOLD_FACT_SALES = new Schema(List.of(
            text("order_id"), int32("line_no"), date("order_date"), timestamp("placed_at"), text("customer_id"),
            text("product_id"), text("title"), nullable(text("category")), int32("quantity"), money("unit_price"),
            money("amount"), text("currency"), text("status")));

    /** The dashboard view: day × category × currency. */
    public static final Schema GOLD_DAILY_REVENUE = new Schema(List.of(
            date("day"), nullable(text("category")), text("currency"), money("gross_revenue"),
            money("net_revenue"), int64("orders"), int64("cancelled_orders"), int64("units"),
            nullable(money("avg_order_value"))));

    private WarehouseSchemas() {
    }

    static Field text(String name) {
        return notNull(name, ArrowType.Utf8.INSTANCE);
    }

    static Field int32(String name) {
        return notNull(name, new ArrowType.Int(32, true));
    }

    static Field int64(String name) {
        return notNull(name, new ArrowType.Int(64, true));
    }

    static Field bool(String name) {
        return notNull(name, ArrowType.Bool.INSTANCE);
    }

    static Field timestamp(String name) {
        return notNull(name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
    }

    static Field date(String name) {
        return notNull(name, new ArrowType.Date(DateUnit.DAY));
    }

    static Field money(String name) {
        return notNull(name, new ArrowType.Decimal(MONEY_PRECISION, MONEY_SCALE, 128));
    }

    static Field nullable(Field field) {
        return new Field(field.getName(), FieldType.nullable(field.getType()), null);
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
