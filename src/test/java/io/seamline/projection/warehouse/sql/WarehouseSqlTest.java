package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseTables;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverOrderLine;
import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.RowMapping;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableVersionNotFound;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseSqlTest {

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();
    private WarehouseTables tables;
    private SqlLimits limits;
    private WarehouseSql sql;
    private TableManifest first;

    @BeforeEach
    void twoVersionsOfSilverOrders() throws IOException {
        tables = WarehouseTables.open(dir.resolve("warehouse"), Clock.systemUTC());
        limits = SqlLimits.defaults(dir.resolve("sql-temp"));
        sql = new WarehouseSql(tables, allocator, limits);
        first = commit(List.of(order("o-1", "PLACED", "10.00")));
        commit(List.of(order("o-1", "CANCELLED", "10.00"), order("o-2", "PAID", "2.50")));
    }

    @AfterEach
    void noLeaksAndNoTempFilesLeft() throws IOException {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
        try (Stream<Path> left = Files.list(limits.tempRoot())) {
            assertThat(left).as("each statement's temp directory is deleted when it ends").isEmpty();
        }
    }

    @Test
    void aQueryReadsTheCurrentVersionAndSaysWhichItRead() {
        WarehouseSql.Result result = sql.run("select order_id, status, total from silver_orders order by order_id;",
                null, 100);
        assertThat(result.columns()).containsExactly("order_id", "status", "total");
        assertThat(result.rows()).containsExactly(List.of("o-1", "CANCELLED", new BigDecimal("10.00")),
                List.of("o-2", "PAID", new BigDecimal("2.50")));
        assertThat(result.versions()).containsOnlyKeys("silver.orders");
        assertThat(result.versions().get("silver.orders").version()).isEqualTo(2);
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void asOfAppliesToEveryTableTheStatementNames() {
        WarehouseSql.Result result = sql.run("select o.status, count(*) as n from silver_orders o "
                + "left join silver_products p on p.product_id = o.order_id group by o.status",
                SqlAsOf.at(first.committedAt()), 100);
        assertThat(result.rows()).containsExactly(List.of("PLACED", 1L));
        assertThat(result.versions().get("silver.orders").version()).isEqualTo(1);
        assertThat(result.versions().get("silver.products").version()).isZero();
    }

    @Test
    void aPinnedTableIsReadAsOfItsOwnVersionOrTime_theOthersAtTheirCurrent() throws IOException {
        TableManifest firstLines = commitLines(List.of(line("o-1", "10.00")));
        commitLines(List.of(line("o-1", "10.00"), line("o-2", "2.50")));
        String join = "select o.status, sum(l.amount) as amount from silver_orders o "
                + "join silver_order_lines l on l.order_id = o.order_id group by o.status order by o.status";

        WarehouseSql.Result ordersPinned = sql.run(join, SqlAsOf.pinned(Map.of("silver_orders",
                new AsOf.Version(first.version()))), 100);
        assertThat(ordersPinned.rows()).containsExactly(List.of("PLACED", new BigDecimal("10.00")));
        assertThat(ordersPinned.versions()).containsOnlyKeys("silver.orders", "silver.order_lines");
        assertThat(ordersPinned.versions().get("silver.orders").version()).isEqualTo(1);
        assertThat(ordersPinned.versions().get("silver.order_lines").version()).isEqualTo(2);

        WarehouseSql.Result linesPinned = sql.run(join, SqlAsOf.pinned(Map.of("silver.order_lines",
                new AsOf.At(firstLines.committedAt()))), 100);
        assertThat(linesPinned.rows()).containsExactly(List.of("CANCELLED", new BigDecimal("10.00")));
        assertThat(linesPinned.versions().get("silver.orders").version()).isEqualTo(2);
        assertThat(linesPinned.versions().get("silver.order_lines").version()).isEqualTo(1);

        assertThat(sql.run(join, SqlAsOf.CURRENT, 100).rows()).as("nothing pinned: both current")
                .containsExactly(List.of("CANCELLED", new BigDecimal("10.00")),
                        List.of("PAID", new BigDecimal("2.50")));
    }

    @Test
    void aPinOnNoTableOnATableNotReadOrTwiceOnOneIsRefusedNamingItsField() {
        String orders = "select count(*) from silver_orders";
        assertPinRefused(orders, Map.of("silver_ordrs", new AsOf.Version(1)), "asOf.silver_ordrs",
                "no warehouse table");
        assertPinRefused(orders, Map.of("gold.daily_revenue", new AsOf.Version(1)), "asOf.gold.daily_revenue",
                "does not read");
        assertPinRefused("select 1", Map.of("silver_orders", AsOf.CURRENT), "asOf.silver_orders", "does not read");
        Map<String, AsOf> twice = new LinkedHashMap<>();
        twice.put("silver_orders", new AsOf.Version(1));
        twice.put("silver.orders", new AsOf.Version(2));
        assertPinRefused(orders, twice, "asOf.silver.orders", "twice");
        Map<String, AsOf> tooMany = new LinkedHashMap<>();
        IntStream.rangeClosed(0, tables.all().size()).forEach(i -> tooMany.put("t" + i, AsOf.CURRENT));
        assertPinRefused(orders, tooMany, "asOf", "the warehouse has " + tables.all().size());
    }

    @Test
    void aPinnedVersionTheTableDoesNotRetainIsNotFoundNamingItsField() {
        assertThatThrownBy(() -> sql.run("select count(*) from silver_orders",
                SqlAsOf.pinned(Map.of("silver_orders", new AsOf.Version(99))), 100))
                .isInstanceOfSatisfying(TableVersionNotFound.class,
                        e -> assertThat(e.parameter()).isEqualTo("asOf.silver_orders"))
                .hasMessageContaining("silver.orders has no version 99");
    }

    private void assertPinRefused(String statement, Map<String, AsOf> pinned, String field, String reason) {
        assertThatThrownBy(() -> sql.run(statement, SqlAsOf.pinned(pinned), 100)).as(field)
                .isInstanceOfSatisfying(InvalidQueryParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo(field))
                .hasMessageContaining(reason);
    }

    @Test
    void theLimitCutsTheAnswerAndSaysSo() {
        WarehouseSql.Result result = sql.run("select * from silver_orders", null, 1);
        assertThat(result.rows()).hasSize(1);
        assertThat(result.truncated()).isTrue();
        assertThat(result.columns()).hasSize(SilverSchemas.ORDERS.getFields().size());
    }

    @Test
    void theAnswerEndsAtItsByteLimitAndSaysSo() {
        WarehouseSql bounded = new WarehouseSql(tables, allocator, limits.withAnswerBytes(50_000));
        WarehouseSql.Result result = bounded.run("with recursive r(n) as (select 1 union all select n + 1 from r "
                + "where n < 100) select n, repeat('x', 10000) as filler from r", null, 1_000);
        assertThat(result.truncated()).isTrue();
        assertThat(result.rows()).hasSizeBetween(3, 5); // 50,000 bytes hold four rows of 10,000 characters
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "delete from silver_orders",
            "insert into silver_orders select * from silver_orders",
            "create table t as select 1",
            "drop table silver_orders",
            "select 1; drop table silver_orders",
            "select 1; select 2",
            "attach 'x.db' as x",
            "copy silver_orders to 'stolen.csv'",
            "set lock_configuration = false",
            "reset memory_limit",
            "pragma version",
            "install httpfs",
            "load httpfs",
            "select * from read_csv('stolen.csv')",
            "select * from range(3)",
            "select * from duckdb_settings()",
            "describe silver_orders",
            "select * from information_schema.tables",
            "select * from main.silver_orders",
            "select * from no_such_table",
            "select current_setting('temp_directory')",
            "select repeat('x', 5e7)"})
    void anythingButOneReadOnlyQueryOverTheWarehouseIsRefused(String statement) {
        assertThatThrownBy(() -> sql.run(statement, null, 100))
                .isInstanceOfSatisfying(SqlRefused.class,
                        e -> assertThat(e.rule()).isEqualTo(SqlRefused.NOT_ALLOWED));
        assertThat(dir.resolve("stolen.csv")).doesNotExist();
        assertThat(Path.of("stolen.csv")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ;  ", "-- only a comment", "selec 1",
            "select 1) q; create table pwn as select 42 x; select * from pwn, (select 1"})
    void textThatIsNoStatementIsInvalid(String statement) {
        assertThatThrownBy(() -> sql.run(statement, null, 100))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.rule()).isEqualTo(SqlRefused.INVALID));
    }

    @Test
    void aSyntaxErrorPointsIntoTheUsersOwnText() {
        assertThatThrownBy(() -> sql.run("select 1) q; create table pwn as select 42 x; select * from pwn, (select 1",
                null, 100)).isInstanceOf(SqlRefused.class)
                .hasMessage("syntax error at or near \")\" (at character 9)");
    }

    @Test
    void aQueryDuckDbRefusesIsInvalidWithDuckDbsReasonAndNoTraceOfTheBound() {
        assertThatThrownBy(() -> sql.run("select no_such_column from silver_orders", null, 100))
                .isInstanceOfSatisfying(SqlRefused.class, e -> {
                    assertThat(e.rule()).isEqualTo(SqlRefused.INVALID);
                    assertThat(e.getMessage()).contains("no_such_column").doesNotContain("LIMIT", "LINE", "query");
                });
        assertThatThrownBy(() -> sql.run("select cast(status as integer) from silver_orders", null, 100))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.getMessage())
                        .startsWith("Conversion Error").doesNotContain("LIMIT"));
    }

    @Test
    void localFilesAreOutOfReach() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.csv"), "a\n1\n");
        for (String read : List.of("select * from read_csv('" + secret + "')", "select * from '" + secret + "'",
                "select * from read_text('" + secret + "')", "select * from glob('" + dir + "/*')")) {
            assertThatThrownBy(() -> sql.run(read, null, 100)).as(read).isInstanceOf(SqlRefused.class);
        }
    }

    @Test
    void aStatementPastItsTimeoutIsCancelled() {
        WarehouseSql quick = new WarehouseSql(tables, allocator, limits.withTimeout(Duration.ofMillis(300)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> quick.run("with recursive r(n) as (select 1 union all select n + 1 from r "
                + "where n < 1000000) select count(*) from r a, r b, silver_orders", null, 10))
                .isInstanceOf(SqlTimedOut.class).hasMessageContaining("timeout of 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theTimeoutCoversCopyingTheTablesIn() throws IOException {
        List<SilverOrder> many = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            many.add(order("o-" + i, "PAID", "1.00"));
        }
        commit(many);
        WarehouseSql quick = new WarehouseSql(tables, allocator, limits.withTimeout(Duration.ofMillis(1)));
        assertThatThrownBy(() -> quick.run("select count(*) from silver_orders", null, 10))
                .isInstanceOf(SqlTimedOut.class);
    }

    @Test
    void aStatementNeedingMoreMemoryThanItsLimitIsRefusedAsSuch() {
        WarehouseSql small = new WarehouseSql(tables, allocator, limits.withMemory(64L << 20, 16L << 20));
        String hundred = "(values " + IntStream.rangeClosed(1, 100).mapToObj(i -> "(" + i + ")")
                .collect(Collectors.joining(",")) + ")";
        assertThatThrownBy(() -> small.run("select length(string_agg(repeat('y', 1000), ',')) from " + hundred
                + " a(x), " + hundred + " b(x), " + hundred + " c(x)", null, 10))
                .isInstanceOfSatisfying(SqlRefused.class, e -> {
                    assertThat(e.rule()).isEqualTo(SqlRefused.RESOURCE_LIMIT);
                    assertThat(e.getMessage()).contains("64 MiB").doesNotContain(dir.toString());
                });
    }

    @Test
    void onlyTheDaysAQueryCanMatchAreCopiedIn() throws IOException {
        ArrowTable facts = tables.get("gold.fact_sales");
        List<DataFile> files = new ArrayList<>();
        for (LocalDate day : List.of(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21))) {
            try (DataFileWriter writer = facts.newFile("order_date=" + day, allocator)) {
                GoldRows.FACT_SALES.write(List.of(new FactSale("o-" + day, 1, day, day.atStartOfDay()
                        .toInstant(java.time.ZoneOffset.UTC), "c-1", "p-1", "Kettle", "Kitchen", 1,
                        new BigDecimal("3.00"), new BigDecimal("3.00"), "EUR", "PAID")), writer.root());
                writer.writeBatch();
                files.add(writer.finish());
            }
        }
        facts.commit(TableManifest.Operation.REPLACE, files, List.of(), TableManifest.Watermark.NONE);
        // break the first day's file: a query that can only match the second day must not even open it
        Files.write(facts.dir().resolve(files.getFirst().path()), new byte[]{1, 2, 3});

        assertThat(sql.run("select count(*) as n, min(order_date) as first from gold_fact_sales "
                + "where order_date >= '2026-11-21'", null, 10).rows())
                .containsExactly(List.of(1L, LocalDate.of(2026, 11, 21)));
        assertThat(sql.run("select f.title from gold_fact_sales f where f.status = 'PAID' "
                + "and f.order_date between date '2026-11-21' and '2026-12-31'", null, 10).rows())
                .containsExactly(List.of("Kettle"));
        assertThatThrownBy(() -> sql.run("select count(*) from gold_fact_sales where order_date >= '2026-11-21' "
                + "or status = 'PAID'", null, 10)).as("no range: every day is read, the broken one too")
                .isNotInstanceOf(SqlFailure.class);
    }

    private TableManifest commit(List<SilverOrder> orders) throws IOException {
        return commit("silver.orders", SilverRows.ORDERS, orders);
    }

    private TableManifest commitLines(List<SilverOrderLine> lines) throws IOException {
        return commit("silver.order_lines", SilverRows.ORDER_LINES, lines);
    }

    /** A new version of table {@code id} holding exactly {@code rows}. */
    private <T> TableManifest commit(String id, RowMapping<T> mapping, List<T> rows) throws IOException {
        ArrowTable table = tables.get(id);
        DataFile file;
        try (DataFileWriter writer = table.newFile("", allocator)) {
            mapping.write(rows, writer.root());
            writer.writeBatch();
            file = writer.finish();
        }
        return table.commit(TableManifest.Operation.REPLACE, List.of(file),
                table.current().files().stream().map(DataFile::path).toList(), TableManifest.Watermark.NONE);
    }

    private static SilverOrderLine line(String orderId, String amount) {
        return new SilverOrderLine(orderId, 1, "p-1", "Kettle", "Kitchen", 1, new BigDecimal(amount),
                new BigDecimal(amount), "EUR", LocalDate.of(2026, 11, 20));
    }

    private static SilverOrder order(String id, String status, String total) {
        Instant placed = Instant.parse("2026-11-20T10:00:00Z");
        return new SilverOrder(id, "c-1", status, new BigDecimal(total), "EUR", placed, LocalDate.of(2026, 11, 20),
                null, null, null, 0, 1, placed);
    }
}
