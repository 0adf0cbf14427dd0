package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.SilverOrder;
import io.seamline.projection.warehouse.WarehouseRows;
import io.seamline.projection.warehouse.WarehouseTables;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.TableManifest;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseSqlTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();
    private WarehouseTables tables;
    private WarehouseSql sql;
    private TableManifest first;

    @BeforeEach
    void twoVersionsOfSilverOrders() throws IOException {
        tables = WarehouseTables.open(dir, Clock.systemUTC());
        sql = new WarehouseSql(tables, allocator);
        first = commit(List.of(order("o-1", "PLACED", "10.00")));
        commit(List.of(order("o-1", "CANCELLED", "10.00"), order("o-2", "PAID", "2.50")));
    }

    @AfterEach
    void noLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void aQueryReadsTheCurrentVersionAndSaysWhichItRead() throws SQLException {
        WarehouseSql.Result result = sql.run("select order_id, status, total from silver_orders order by order_id;",
                null, 100, TIMEOUT);
        assertThat(result.columns()).containsExactly("order_id", "status", "total");
        assertThat(result.rows()).containsExactly(List.of("o-1", "CANCELLED", new BigDecimal("10.00")),
                List.of("o-2", "PAID", new BigDecimal("2.50")));
        assertThat(result.versions()).containsOnlyKeys("silver.orders");
        assertThat(result.versions().get("silver.orders").version()).isEqualTo(2);
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void asOfAppliesToEveryTableTheStatementNames() throws SQLException {
        WarehouseSql.Result result = sql.run("select o.status, count(*) as n from silver_orders o "
                + "left join silver_products p on p.product_id = o.order_id group by o.status", first.committedAt(),
                100, TIMEOUT);
        assertThat(result.rows()).containsExactly(List.of("PLACED", 1L));
        assertThat(result.versions().get("silver.orders").version()).isEqualTo(1);
        assertThat(result.versions().get("silver.products").version()).isZero();
    }

    @Test
    void theLimitCutsTheAnswerAndSaysSo() throws SQLException {
        WarehouseSql.Result result = sql.run("select * from silver_orders", null, 1, TIMEOUT);
        assertThat(result.rows()).hasSize(1);
        assertThat(result.truncated()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "delete from silver_orders",
            "insert into silver_orders select * from silver_orders",
            "create table t as select 1",
            "drop table silver_orders",
            "select 1; drop table silver_orders",
            "attach 'x.db' as x",
            "copy silver_orders to 'stolen.csv'",
            "set lock_configuration = false",
            "pragma version",
            "",
            "   ;  "})
    void anythingButOneReadOnlyQueryIsRefused(String statement) {
        assertThatThrownBy(() -> sql.run(statement, null, 100, TIMEOUT))
                .isInstanceOf(WarehouseSql.InvalidStatement.class);
        assertThat(dir.resolve("stolen.csv")).doesNotExist();
        assertThat(Path.of("stolen.csv")).doesNotExist();
    }

    @Test
    void localFilesAreOutOfReach() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.csv"), "a\n1\n");
        assertThatThrownBy(() -> sql.run("select * from read_csv('" + secret + "')", null, 100, TIMEOUT))
                .isInstanceOf(WarehouseSql.InvalidStatement.class);
    }

    @Test
    void aStatementPastItsTimeoutIsCancelled() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> sql.run("select sum(hash(a.range * b.range)) from range(1000000) a, range(1000000) b",
                null, 10, Duration.ofMillis(300)))
                .isInstanceOf(WarehouseSql.InvalidStatement.class).hasMessageContaining("timeout of 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private TableManifest commit(List<SilverOrder> orders) throws IOException {
        ArrowTable table = tables.get("silver.orders");
        DataFile file;
        try (DataFileWriter writer = table.newFile("", allocator)) {
            WarehouseRows.ORDERS.write(orders, writer.root());
            writer.writeBatch();
            file = writer.finish();
        }
        return table.commit(TableManifest.Operation.REPLACE, List.of(file),
                table.current().files().stream().map(DataFile::path).toList(), TableManifest.Watermark.NONE);
    }

    private static SilverOrder order(String id, String status, String total) {
        Instant placed = Instant.parse("2026-11-20T10:00:00Z");
        return new SilverOrder(id, "c-1", status, new BigDecimal(total), "EUR", placed, LocalDate.of(2026, 11, 20),
                null, null, null, 0, 1, placed);
    }
}
