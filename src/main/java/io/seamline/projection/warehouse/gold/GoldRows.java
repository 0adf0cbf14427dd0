package io.seamline.projection.warehouse.gold;

import io.seamline.projection.warehouse.table.RowMapping;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.List;

import static io.seamline.projection.warehouse.table.RowMapping.date;
import static io.seamline.projection.warehouse.table.RowMapping.int32;
import static io.seamline.projection.warehouse.table.RowMapping.int64;
import static io.seamline.projection.warehouse.table.RowMapping.money;
import static io.seamline.projection.warehouse.table.RowMapping.sum;
import static io.seamline.projection.warehouse.table.RowMapping.text;
import static io.seamline.projection.warehouse.table.RowMapping.time;

/** Gold rows to and from Arrow, one mapping per table, in the column order and types of {@link GoldSchemas}. */
public final class GoldRows {

    public static final RowMapping<FactSale> FACT_SALES = new RowMapping<>(GoldSchemas.FACT_SALES, List.of(
            text(FactSale::orderId), int32(FactSale::lineNo), date(FactSale::orderDate), time(FactSale::placedAt),
            text(FactSale::customerId), text(FactSale::productId), text(FactSale::title), text(FactSale::category),
            int32(FactSale::quantity), money(FactSale::unitPrice), money(FactSale::amount), text(FactSale::currency),
            text(FactSale::status)),
            r -> new FactSale(r.text(0), r.int32(1), r.date(2), r.time(3), r.text(4), r.text(5), r.text(6),
                    r.text(7), r.int32(8), r.money(9), r.money(10), r.text(11), r.text(12)));

    public static final RowMapping<DailyRevenue> DAILY_REVENUE = new RowMapping<>(GoldSchemas.DAILY_REVENUE,
            List.of(date(DailyRevenue::day), text(DailyRevenue::category), text(DailyRevenue::currency),
                    sum(DailyRevenue::grossRevenue), sum(DailyRevenue::netRevenue), int64(DailyRevenue::orders),
                    int64(DailyRevenue::cancelledOrders), int64(DailyRevenue::units),
                    money(DailyRevenue::avgOrderValue)),
            r -> new DailyRevenue(r.date(0), r.text(1), r.text(2), r.money(3), r.money(4), r.int64(5), r.int64(6),
                    r.int64(7), r.money(8)));

    private GoldRows() {
    }

    /** Gold as stored, from the batches of its two tables; see {@link Gold#restore}. */
    public static Gold restore(Iterable<VectorSchemaRoot> factSales, Iterable<VectorSchemaRoot> dailyRevenue) {
        return Gold.restore(FACT_SALES.read(factSales), DAILY_REVENUE.read(dailyRevenue));
    }
}
