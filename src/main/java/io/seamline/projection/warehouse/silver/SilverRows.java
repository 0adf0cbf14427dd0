package io.seamline.projection.warehouse.silver;

import io.seamline.projection.warehouse.table.RowMapping;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.List;

import static io.seamline.projection.warehouse.table.RowMapping.bool;
import static io.seamline.projection.warehouse.table.RowMapping.date;
import static io.seamline.projection.warehouse.table.RowMapping.int32;
import static io.seamline.projection.warehouse.table.RowMapping.int64;
import static io.seamline.projection.warehouse.table.RowMapping.money;
import static io.seamline.projection.warehouse.table.RowMapping.text;
import static io.seamline.projection.warehouse.table.RowMapping.time;

/** Silver rows to and from Arrow, one mapping per table, in the column order and types of {@link SilverSchemas}. */
public final class SilverRows {

    public static final RowMapping<SilverProduct> PRODUCTS = new RowMapping<>(SilverSchemas.PRODUCTS, List.of(
            text(SilverProduct::productId), text(SilverProduct::sku), text(SilverProduct::title),
            text(SilverProduct::description), text(SilverProduct::category), money(SilverProduct::price),
            text(SilverProduct::currency), text(SilverProduct::attributes), bool(SilverProduct::discontinued),
            time(SilverProduct::discontinuedAt), int64(SilverProduct::sequence), int64(SilverProduct::globalIndex),
            time(SilverProduct::updatedAt)),
            r -> new SilverProduct(r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.money(5), r.text(6),
                    r.text(7), r.bool(8), r.time(9), r.int64(10), r.int64(11), r.time(12)));

    public static final RowMapping<SilverOrder> ORDERS = new RowMapping<>(SilverSchemas.ORDERS, List.of(
            text(SilverOrder::orderId), text(SilverOrder::customerId), text(SilverOrder::status),
            money(SilverOrder::total), text(SilverOrder::currency), time(SilverOrder::placedAt),
            date(SilverOrder::orderDate), time(SilverOrder::paidAt), time(SilverOrder::shippedAt),
            time(SilverOrder::cancelledAt), int64(SilverOrder::sequence), int64(SilverOrder::globalIndex),
            time(SilverOrder::updatedAt)),
            r -> new SilverOrder(r.text(0), r.text(1), r.text(2), r.money(3), r.text(4), r.time(5), r.date(6),
                    r.time(7), r.time(8), r.time(9), r.int64(10), r.int64(11), r.time(12)));

    public static final RowMapping<SilverOrderLine> ORDER_LINES = new RowMapping<>(SilverSchemas.ORDER_LINES,
            List.of(text(SilverOrderLine::orderId), int32(SilverOrderLine::lineNo), text(SilverOrderLine::productId),
                    text(SilverOrderLine::title), text(SilverOrderLine::category), int32(SilverOrderLine::quantity),
                    money(SilverOrderLine::unitPrice), money(SilverOrderLine::amount), text(SilverOrderLine::currency),
                    date(SilverOrderLine::orderDate)),
            r -> new SilverOrderLine(r.text(0), r.int32(1), r.text(2), r.text(3), r.text(4), r.int32(5), r.money(6),
                    r.money(7), r.text(8), r.date(9)));

    private SilverRows() {
    }

    /** Silver as stored, from the batches of its three tables (any number of batches each, e.g. partitions). */
    public static Silver restore(Iterable<VectorSchemaRoot> products, Iterable<VectorSchemaRoot> orders,
                                 Iterable<VectorSchemaRoot> orderLines) {
        return Silver.restore(PRODUCTS.read(products), ORDERS.read(orders), ORDER_LINES.read(orderLines));
    }
}
