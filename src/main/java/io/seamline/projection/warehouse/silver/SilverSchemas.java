package io.seamline.projection.warehouse.silver;

import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;

import static io.seamline.projection.warehouse.table.ColumnTypes.bool;
import static io.seamline.projection.warehouse.table.ColumnTypes.date;
import static io.seamline.projection.warehouse.table.ColumnTypes.int32;
import static io.seamline.projection.warehouse.table.ColumnTypes.int64;
import static io.seamline.projection.warehouse.table.ColumnTypes.money;
import static io.seamline.projection.warehouse.table.ColumnTypes.nullable;
import static io.seamline.projection.warehouse.table.ColumnTypes.text;
import static io.seamline.projection.warehouse.table.ColumnTypes.timestamp;

/**
 * The Arrow schema of each silver table. {@code projections/warehouse/contract.yaml} declares the same schemas, and a
 * test keeps the two equal.
 */
public final class SilverSchemas {

    /** A product's current version; category is optional in the catalogue (ProductCreated allows null). */
    public static final Schema PRODUCTS = new Schema(List.of(
            text("product_id"), text("sku"), text("title"), nullable(text("description")), nullable(text("category")),
            money("price"), text("currency"), nullable(text("attributes")), bool("discontinued"),
            nullable(timestamp("discontinued_at")), int64("sequence"), int64("global_index"),
            timestamp("updated_at")));

    public static final Schema ORDERS = new Schema(List.of(
            text("order_id"), text("customer_id"), text("status"), money("total"), text("currency"),
            timestamp("placed_at"), date("order_date"), nullable(timestamp("paid_at")),
            nullable(timestamp("shipped_at")), nullable(timestamp("cancelled_at")), int64("sequence"),
            int64("global_index"), timestamp("updated_at")));

    /** One row per order line; category is the product's category when the order was placed. */
    public static final Schema ORDER_LINES = new Schema(List.of(
            text("order_id"), int32("line_no"), text("product_id"), text("title"), nullable(text("category")),
            int32("quantity"), money("unit_price"), money("amount"), text("currency"), date("order_date")));

    private SilverSchemas() {
    }
}
