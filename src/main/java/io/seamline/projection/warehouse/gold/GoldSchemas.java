package io.seamline.projection.warehouse.gold;

import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;

import static io.seamline.projection.warehouse.table.ColumnTypes.date;
import static io.seamline.projection.warehouse.table.ColumnTypes.int32;
import static io.seamline.projection.warehouse.table.ColumnTypes.int64;
import static io.seamline.projection.warehouse.table.ColumnTypes.money;
import static io.seamline.projection.warehouse.table.ColumnTypes.nullable;
import static io.seamline.projection.warehouse.table.ColumnTypes.sum;
import static io.seamline.projection.warehouse.table.ColumnTypes.text;
import static io.seamline.projection.warehouse.table.ColumnTypes.timestamp;

/**
 * The Arrow schema of each gold table. {@code projections/warehouse/contract.yaml} declares the same schemas, and a
 * test keeps the two equal.
 */
public final class GoldSchemas {

    public static final Schema FACT_SALES = new Schema(List.of(
            text("order_id"), int32("line_no"), date("order_date"), timestamp("placed_at"), text("customer_id"),
            text("product_id"), text("title"), nullable(text("category")), int32("quantity"), money("unit_price"),
            money("amount"), text("currency"), text("status")));

    /** The dashboard view: day × category × currency. */
    public static final Schema DAILY_REVENUE = new Schema(List.of(
            date("day"), nullable(text("category")), text("currency"), sum("gross_revenue"),
            sum("net_revenue"), int64("orders"), int64("cancelled_orders"), int64("units"),
            nullable(money("avg_order_value"))));

    private GoldSchemas() {
    }
}
