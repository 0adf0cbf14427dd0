package io.seamline.projection.warehouse;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLog;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.gold.Gold;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.Silver;
import io.seamline.projection.warehouse.silver.SilverChanges;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverOrderLine;
import io.seamline.projection.warehouse.silver.SilverProduct;
import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.projection.warehouse.sql.RootListReader;
import io.seamline.projection.warehouse.table.ColumnTypes;
import io.seamline.projection.warehouse.table.RowMapping;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseRowsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void allMemoryIsFreed() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void tables_haveTheWarehouseSchemas() {
        assertSchema(SilverRows.PRODUCTS, SilverSchemas.PRODUCTS);
        assertSchema(SilverRows.ORDERS, SilverSchemas.ORDERS);
        assertSchema(SilverRows.ORDER_LINES, SilverSchemas.ORDER_LINES);
        assertSchema(GoldRows.FACT_SALES, GoldSchemas.FACT_SALES);
        assertSchema(GoldRows.DAILY_REVENUE, GoldSchemas.DAILY_REVENUE);
    }

    @Test
    void products_roundTrip() {
        assertRoundTrip(SilverRows.PRODUCTS, List.of(
                new SilverProduct("p1", "SKU-1", "Lamp", "A lamp", "home", money("19.99"), "EUR",
                        "{\"colour\":\"red\"}", true, T, 3, 42, T.plusSeconds(1)),
                new SilverProduct("p2", "SKU-2", "Ünïcødé ✓", null, null, money("0.01"), "USD", null, false, null, 0,
                        7, Instant.parse("1969-12-31T23:59:59.999999Z"))));
    }

    @Test
    void orders_roundTrip() {
        assertRoundTrip(SilverRows.ORDERS, List.of(
                new SilverOrder("o1", "c1", "SHIPPED", money("9999999999999999.99"), "EUR", T, DAY, T.plusSeconds(1),
                        T.plusSeconds(2), null, 2, 10, T.plusSeconds(2)),
                new SilverOrder("o2", "c2", "CANCELLED", money("5.00"), "USD", T, DAY, null, null, T.plusSeconds(3),
                        1, 11, T.plusSeconds(3))));
    }

    @Test
    void orderLines_roundTrip() {
        assertRoundTrip(SilverRows.ORDER_LINES, List.of(
                new SilverOrderLine("o1", 0, "p1", "Lamp", "home", 3, money("19.99"), money("59.97"), "EUR", DAY),
                new SilverOrderLine("o1", 1, "p9", "Gone", null, 1, money("1.00"), money("1.00"), "EUR", DAY)));
    }

    @Test
    void factSales_roundTrip() {
        assertRoundTrip(GoldRows.FACT_SALES, List.of(
                new FactSale("o1", 0, DAY, T, "c1", "p1", "Lamp", "home", 3, money("19.99"), money("59.97"), "EUR",
                        "PAID"),
                new FactSale("o1", 1, DAY, T, "c1", "p9", "Gone", null, 1, money("1.00"), money("1.00"), "EUR",
                        "PAID")));
    }

    @Test
    void dailyRevenue_roundTrips() {
        assertRoundTrip(GoldRows.DAILY_REVENUE, List.of(
                new DailyRevenue(DAY, "home", "EUR", money("60.97"), money("60.97"), 1, 0, 4, money("60.97")),
                new DailyRevenue(DAY, null, "USD", money("5.00"), money("0.00"), 1, 1, 1, null)));
    }

    @Test
    void dailyRevenue_holdsAYearOfMaximumSizeOrders() {
        // 366 days of orders at Money.MAX_AMOUNT, a million a second (see ColumnTypes.SUM_PRECISION)
        long orders = 1_000_000L * 366 * 24 * 3600;
        BigDecimal year = Money.MAX_AMOUNT.multiply(BigDecimal.valueOf(orders));
        assertRoundTrip(GoldRows.DAILY_REVENUE, List.of(
                new DailyRevenue(DAY, "home", "EUR", year, year, orders, 0, orders, Money.MAX_AMOUNT)));
    }

    @Test
    void dailyRevenueWrittenBeforeItsSumsWereWidened_readsAsItWas() {
        // the view as the previous build wrote it: gross and net as DECIMAL(18,2)
        Schema old = new Schema(GoldSchemas.DAILY_REVENUE.getFields().stream()
                .map(f -> f.getType() instanceof ArrowType.Decimal d && d.getPrecision() == ColumnTypes.SUM_PRECISION
                        ? new Field(f.getName(), f.getFieldType().isNullable()
                        ? FieldType.nullable(new ArrowType.Decimal(18, 2, 128))
                        : FieldType.notNullable(new ArrowType.Decimal(18, 2, 128)), null) : f)
                .toList());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(old, allocator)) {
            DailyRevenue row = new DailyRevenue(DAY, "home", "EUR", money("9999999999999999.99"), money("12.50"), 3,
                    1, 7, money("6.25"));
            writeOldRow(root, row);

            assertThat(GoldRows.DAILY_REVENUE.read(root)).containsExactly(row);
            assertThatThrownBy(() -> GoldRows.DAILY_REVENUE.write(List.of(row), root))
                    .as("new files are written in the current schema only")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aNarrowerSchemaOfAnotherShape_isStillRefused() {
        Schema renamed = new Schema(GoldSchemas.DAILY_REVENUE.getFields().stream()
                .map(f -> f.getName().equals("gross_revenue")
                        ? new Field("gross", f.getFieldType(), null) : f).toList());
        assertThat(ColumnTypes.readsAs(renamed, GoldSchemas.DAILY_REVENUE)).isFalse();
        Schema otherScale = new Schema(GoldSchemas.DAILY_REVENUE.getFields().stream()
                .map(f -> f.getName().equals("gross_revenue")
                        ? new Field(f.getName(), FieldType.notNullable(new ArrowType.Decimal(18, 3, 128)), null) : f)
                .toList());
        assertThat(ColumnTypes.readsAs(otherScale, GoldSchemas.DAILY_REVENUE)).isFalse();
    }

    /** One daily revenue row into a root of the old schema, column by column as the previous build did. */
    private static void writeOldRow(VectorSchemaRoot root, DailyRevenue row) {
        root.allocateNew();
        ((DateDayVector) root.getVector("day")).setSafe(0, (int) row.day().toEpochDay());
        ((VarCharVector) root.getVector("category")).setSafe(0, row.category().getBytes(StandardCharsets.UTF_8));
        ((VarCharVector) root.getVector("currency")).setSafe(0, row.currency().getBytes(StandardCharsets.UTF_8));
        ((DecimalVector) root.getVector("gross_revenue")).setSafe(0, row.grossRevenue());
        ((DecimalVector) root.getVector("net_revenue")).setSafe(0, row.netRevenue());
        ((BigIntVector) root.getVector("orders")).setSafe(0, row.orders());
        ((BigIntVector) root.getVector("cancelled_orders")).setSafe(0, row.cancelledOrders());
        ((BigIntVector) root.getVector("units")).setSafe(0, row.units());
        ((DecimalVector) root.getVector("avg_order_value")).setSafe(0, row.avgOrderValue());
        root.setRowCount(1);
    }

    @Test
    void noRows_roundTrip() {
        assertRoundTrip(GoldRows.DAILY_REVENUE, List.of());
    }

    @Test
    void rows_surviveAnArrowIpcStream() throws IOException {
        List<FactSale> rows = List.of(new FactSale("o1", 0, DAY, T, "c1", "p1", "Lamp", null, 3, money("19.99"),
                money("59.97"), "EUR", "PLACED"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = GoldRows.FACT_SALES.toRoot(rows, allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
            writer.writeBatch();
            writer.writeBatch();
        }

        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray()),
                allocator)) {
            assertThat(GoldRows.FACT_SALES.read(reader)).containsExactly(rows.getFirst(), rows.getFirst());
        }
    }

    @Test
    void batches_readInOrder_throughAReader() throws IOException {
        List<SilverOrderLine> first = List.of(
                new SilverOrderLine("o1", 0, "p1", "Lamp", "home", 3, money("19.99"), money("59.97"), "EUR", DAY));
        List<SilverOrderLine> second = List.of(
                new SilverOrderLine("o2", 0, "p2", "Desk", "home", 1, money("100.00"), money("100.00"), "EUR", DAY));
        try (VectorSchemaRoot a = SilverRows.ORDER_LINES.toRoot(first, allocator);
             VectorSchemaRoot b = SilverRows.ORDER_LINES.toRoot(second, allocator);
             RootListReader reader = new RootListReader(allocator, SilverSchemas.ORDER_LINES,
                     List.of(a, b))) {
            assertThat(SilverRows.ORDER_LINES.read(reader)).containsExactly(first.getFirst(), second.getFirst());
        }
    }

    @Test
    void nullInARequiredColumn_isRefused() {
        List<SilverOrderLine> rows = List.of(
                new SilverOrderLine("o1", 0, "p1", null, "home", 3, money("19.99"), money("59.97"), "EUR", DAY));

        assertThatThrownBy(() -> SilverRows.ORDER_LINES.toRoot(rows, allocator))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title is required");
    }

    @Test
    void rootOfAnotherTable_isRefused() {
        try (VectorSchemaRoot root = SilverRows.ORDERS.toRoot(List.of(), allocator)) {
            assertThatThrownBy(() -> SilverRows.PRODUCTS.read(root)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void restoredFromArrow_silverAndGoldContinueAsIfNeverStopped() {
        BronzeLog log = new BronzeLog();
        List<BronzeEvent> before = List.of(
                log.append(new ProductCreatedEvent("p1", "SKU-1", "Lamp", "A lamp", "home", eur("4.00"),
                        Map.of("colour", "red"))),
                log.append(new ProductCreatedEvent("p2", "SKU-2", "Desk", null, null, eur("50.00"), Map.of())),
                log.append(new OrderPlacedEvent("o1", "c1", List.of(line("p1", 2, "4.00"), line("p2", 1, "50.00")),
                        eur("58.00"), T)),
                log.append(new OrderPlacedEvent("o2", "c2", List.of(line("p1", 1, "4.00")), eur("4.00"), T)),
                log.append(new OrderPaidEvent("o1", eur("58.00"), Instant.parse("2026-03-02T12:00:00Z"))),
                log.append(new ProductDiscontinuedEvent("p2")));
        List<BronzeEvent> after = List.of(
                log.append(new ProductUpdatedEvent("p1", null, null, "garden", eur("5.00"), null)),
                log.append(new OrderShippedEvent("o1", Instant.parse("2026-03-02T12:00:00Z"))),
                log.append(new OrderCancelledEvent("o2", "too slow")),
                log.append(new OrderPlacedEvent("o3", "c1", List.of(line("p1", 1, "5.00")), eur("5.00"), T)));
        Silver silver = new Silver();
        Gold gold = new Gold();
        gold.apply(silver.apply(before));

        Silver restoredSilver;
        Gold restoredGold;
        try (VectorSchemaRoot products = SilverRows.PRODUCTS.toRoot(silver.products(), allocator);
             VectorSchemaRoot orders = SilverRows.ORDERS.toRoot(silver.orders(), allocator);
             VectorSchemaRoot lines = SilverRows.ORDER_LINES.toRoot(silver.orderLines(), allocator);
             VectorSchemaRoot facts = GoldRows.FACT_SALES.toRoot(gold.factSales(), allocator);
             VectorSchemaRoot revenue = GoldRows.DAILY_REVENUE.toRoot(gold.dailyRevenue(), allocator)) {
            restoredSilver = SilverRows.restore(List.of(products), List.of(orders), List.of(lines));
            restoredGold = GoldRows.restore(List.of(facts), List.of(revenue));
        }
        assertThat(restoredSilver.lastGlobalIndex()).isEqualTo(silver.lastGlobalIndex());

        gold.apply(silver.apply(after));
        SilverChanges redelivered = restoredSilver.apply(before);
        restoredGold.apply(redelivered);
        restoredGold.apply(restoredSilver.apply(after));

        assertThat(redelivered.applied()).isZero();
        assertThat(restoredSilver.products()).isEqualTo(silver.products());
        assertThat(restoredSilver.orders()).isEqualTo(silver.orders());
        assertThat(restoredSilver.orderLines()).isEqualTo(silver.orderLines());
        assertThat(restoredGold.factSales()).isEqualTo(gold.factSales());
        assertThat(restoredGold.dailyRevenue()).isEqualTo(gold.dailyRevenue());
    }

    private <T> void assertRoundTrip(RowMapping<T> table, List<T> rows) {
        try (VectorSchemaRoot root = table.toRoot(rows, allocator)) {
            assertThat(root.getRowCount()).isEqualTo(rows.size());
            assertThat(table.read(root)).isEqualTo(rows);
            // a root is reusable: writing again replaces what it held
            table.write(rows.reversed(), root);
            assertThat(table.read(root)).isEqualTo(rows.reversed());
        }
    }

    private void assertSchema(RowMapping<?> table, Schema expected) {
        assertThat(table.schema()).isEqualTo(expected);
        try (VectorSchemaRoot root = table.toRoot(List.of(), allocator)) {
            assertThat(root.getSchema()).isEqualTo(expected);
        }
    }

    private static OrderLine line(String productId, int quantity, String unitPrice) {
        return new OrderLine(productId, "Title " + productId, quantity, eur(unitPrice));
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
