package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbArrowTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-01");

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void allMemoryIsFreed() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void registeredBatches_canBeQueriedAgainAndAgain() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open();
             VectorSchemaRoot first = GoldRows.DAILY_REVENUE.toRoot(List.of(
                     row(DAY, "books", "10.00"), row(DAY, null, "2.50")), allocator);
             VectorSchemaRoot second = GoldRows.DAILY_REVENUE.toRoot(List.of(
                     row(DAY.plusDays(1), "books", "7.25")), allocator)) {
            DuckDbArrow.register(duckdb, "daily_revenue", allocator, GoldSchemas.DAILY_REVENUE,
                    List.of(first, second));

            String sql = "SELECT category, sum(gross_revenue) AS gross, count(*) AS n FROM daily_revenue "
                    + "GROUP BY category ORDER BY category";
            DuckDbArrow.QueryResult result = DuckDbArrow.query(duckdb, sql);
            // a second scan, and a self-join, must see the data too (a bare Arrow stream is scanned once only)
            DuckDbArrow.QueryResult again = DuckDbArrow.query(duckdb, sql);
            DuckDbArrow.QueryResult selfJoin = DuckDbArrow.query(duckdb,
                    "SELECT count(*) FROM daily_revenue a JOIN daily_revenue b ON a.currency = b.currency");

            assertThat(result.columns()).containsExactly("category", "gross", "n");
            assertThat(result.rows()).containsExactly(
                    List.of("books", new BigDecimal("17.25"), 2L),
                    Arrays.asList(null, new BigDecimal("2.50"), 1L));
            assertThat(again).isEqualTo(result);
            assertThat(selfJoin.rows()).containsExactly(List.of(9L));
        }
    }

    @Test
    void columns_keepTheirTypes() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open();
             VectorSchemaRoot root = GoldRows.DAILY_REVENUE.toRoot(List.of(row(DAY, "books", "10.00")),
                     allocator)) {
            DuckDbArrow.register(duckdb, "daily_revenue", allocator, root.getSchema(), List.of(root));

            DuckDbArrow.QueryResult types = DuckDbArrow.query(duckdb,
                    "SELECT column_name, data_type FROM information_schema.columns "
                            + "WHERE table_name = 'daily_revenue' ORDER BY ordinal_position");
            DuckDbArrow.QueryResult values = DuckDbArrow.query(duckdb, "SELECT day, avg_order_value FROM daily_revenue");

            // gross and net are sums over any number of orders: DECIMAL(38,2), see ColumnTypes.SUM_PRECISION
            assertThat(types.rows()).extracting(r -> r.get(1)).containsExactly("DATE", "VARCHAR", "VARCHAR",
                    "DECIMAL(38,2)", "DECIMAL(38,2)", "BIGINT", "BIGINT", "BIGINT", "DECIMAL(18,2)");
            assertThat(values.rows()).containsExactly(List.of(DAY, new BigDecimal("10.00")));
        }
    }

    @Test
    void registeringAgain_replacesTheTable() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open();
             VectorSchemaRoot one = GoldRows.DAILY_REVENUE.toRoot(List.of(row(DAY, "a", "1.00")), allocator);
             VectorSchemaRoot none = GoldRows.DAILY_REVENUE.toRoot(List.of(), allocator)) {
            DuckDbArrow.register(duckdb, "t", allocator, GoldSchemas.DAILY_REVENUE, List.of(one));
            DuckDbArrow.register(duckdb, "t", allocator, GoldSchemas.DAILY_REVENUE, List.of(none));

            assertThat(DuckDbArrow.query(duckdb, "SELECT count(*) FROM t").rows()).containsExactly(List.of(0L));
        }
    }

    @Test
    void noBatches_giveAnEmptyTable() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open()) {
            DuckDbArrow.register(duckdb, "t", allocator, GoldSchemas.FACT_SALES, List.of());

            assertThat(DuckDbArrow.query(duckdb, "SELECT count(*) FROM t").rows()).containsExactly(List.of(0L));
        }
    }

    @Test
    void tableNameThatIsNotAPlainIdentifier_isRefused() throws SQLException {
        try (Connection duckdb = DuckDbArrow.open()) {
            assertThatThrownBy(() -> DuckDbArrow.register(duckdb, "t; DROP TABLE x", allocator,
                    GoldSchemas.FACT_SALES, List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static DailyRevenue row(LocalDate day, String category, String amount) {
        BigDecimal money = new BigDecimal(amount);
        return new DailyRevenue(day, category, "EUR", money, money, 1, 0, 1, money);
    }
}
