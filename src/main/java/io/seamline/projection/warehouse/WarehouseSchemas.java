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
 * the domain), sums of money over many orders DECIMAL(38,2), times are UTC microsecond timestamps, days are DATE.
 * {@code projections/warehouse/contract.yaml} declares the same schemas, and a test keeps the two equal.
 */
public final class WarehouseSchemas {

    public static final int MONEY_PRECISION = 18;
    public static final int MONEY_SCALE = 2;
    /**
     * The precision of a sum of order amounts (the daily revenue's gross and net), which must never overflow: an order
     * is at most {@code Money.MAX_AMOUNT} (under 10^12) and a key counts its orders in an int64 (under 9.3 x 10^18),
     * so a sum stays under 9.3 x 10^30, and 38 digits with 2 decimals hold up to 10^36. A year of orders as large as
     * the write side accepts, at a million orders a second, sums to 3.2 x 10^25 (GoldTest writes it).
     */
    public static final int SUM_PRECISION = 38;

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
            date("day"), nullable(text("category")), text("currency"), sum("gross_revenue"),
            sum("net_revenue"), int64("orders"), int64("cancelled_orders"), int64("units"),
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

    static Field sum(String name) {
        return notNull(name, new ArrowType.Decimal(SUM_PRECISION, MONEY_SCALE, 128));
    }

    /**
     * Whether a file written with {@code stored} reads correctly as {@code declared}: the same columns, each of the
     * same type, or a decimal the declared one widened (same scale and width, fewer digits: the same bytes mean the
     * same amount). So a table written before a column was widened (the daily revenue's sums were DECIMAL(18,2)) is
     * read as it is, and rewritten in the new type by its next commit.
     */
    public static boolean readsAs(Schema stored, Schema declared) {
        if (stored.equals(declared)) {
            return true;
        }
        List<Field> old = stored.getFields();
        List<Field> now = declared.getFields();
        if (old.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < old.size(); i++) {
            Field o = old.get(i);
            Field n = now.get(i);
            boolean sameColumn = o.getName().equals(n.getName()) && o.isNullable() == n.isNullable();
            if (!sameColumn || !(o.getType().equals(n.getType()) || widened(o.getType(), n.getType()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean widened(ArrowType stored, ArrowType declared) {
        return stored instanceof ArrowType.Decimal s && declared instanceof ArrowType.Decimal d
                && s.getScale() == d.getScale() && s.getBitWidth() == d.getBitWidth()
                && s.getPrecision() <= d.getPrecision();
    }

    static Field nullable(Field field) {
        return new Field(field.getName(), FieldType.nullable(field.getType()), null);
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
