package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which columns and days of each table a query can read, worked out on DuckDB's syntax tree. */
class ReadPlanTest {

    private static final Map<String, Schema> SCHEMAS = new LinkedHashMap<>();
    private static final Map<String, String> DAY_COLUMNS = Map.of("gold_fact_sales", "order_date",
            "silver_orders", "order_date");
    private static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);
    private static final LocalDate NOV_7 = LocalDate.of(2026, 11, 7);

    static {
        SCHEMAS.put("gold_fact_sales", GoldSchemas.FACT_SALES);
        SCHEMAS.put("silver_orders", SilverSchemas.ORDERS);
        SCHEMAS.put("gold_daily_revenue", GoldSchemas.DAILY_REVENUE);
    }

    private Connection duckdb;

    @BeforeEach
    void openDuckDb() throws SQLException {
        duckdb = DuckDbArrow.open();
    }

    @AfterEach
    void closeDuckDb() throws SQLException {
        duckdb.close();
    }

    @Test
    void onlyTheColumnsAQueryNamesAreRead() throws SQLException {
        Map<String, ReadPlan.Needs> plan = plan("select order_date as day, category, sum(amount) as gross "
                + "from gold_fact_sales where status <> 'CANCELLED' group by all order by day");
        assertThat(plan.get("gold_fact_sales").columns())
                .containsExactly("order_date", "category", "amount", "status");
    }

    @Test
    void aNameCountsWhereverItIsMentionedAndForEveryTableThatHasIt() throws SQLException {
        Map<String, ReadPlan.Needs> plan = plan("select o.order_id from silver_orders o "
                + "where exists (select 1 from gold_fact_sales f where f.order_id = o.order_id and f.title like 'K%') "
                + "and o.total > 0");
        assertThat(plan.get("silver_orders").columns()).containsExactly("order_id", "total");
        assertThat(plan.get("gold_fact_sales").columns()).containsExactly("order_id", "title");
    }

    @Test
    void usingColumnsAreNamesToo() throws SQLException {
        assertThat(plan("select count(*) from silver_orders join gold_fact_sales using (order_id, customer_id)")
                .get("gold_fact_sales").columns()).containsExactly("order_id", "customer_id");
    }

    @Test
    void aQueryNamingNoColumnStillCountsRowsOfTheNarrowestColumn() throws SQLException {
        assertThat(plan("select count(*) from gold_fact_sales").get("gold_fact_sales").columns())
                .containsExactly("line_no");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from gold_fact_sales",
            "select f.* from gold_fact_sales f",
            "select gold_fact_sales.* exclude (title) from gold_fact_sales",
            "select columns('.*_id') from gold_fact_sales",
            "select struct_pack(f.*) from gold_fact_sales f",
            "select f from gold_fact_sales f",
            "select to_json(gold_fact_sales) from gold_fact_sales",
            "select #3 from gold_fact_sales",
            "select a from gold_fact_sales f(a, b, c)",
            "select count(*) from gold_fact_sales natural join silver_orders",
            "select * from gold_fact_sales pivot (sum(amount) for status in ('PAID'))",
            "select count(*) from (select * from gold_fact_sales) s"})
    void whateverCanReachUnnamedColumnsReadsThemAll(String sql) throws SQLException {
        assertThat(plan(sql).get("gold_fact_sales").columns()).containsExactlyElementsOf(
                GoldSchemas.FACT_SALES.getFields().stream().map(Field::getName).toList());
    }

    @Test
    void aStarReachesTheTablesOfItsOwnQueryOnly() throws SQLException {
        Map<String, ReadPlan.Needs> plan = plan("select * from (select order_id, status from silver_orders) o "
                + "join gold_daily_revenue d on d.day = o.order_date");
        assertThat(plan.get("silver_orders").columns()).containsExactly("order_id", "status", "order_date");
        assertThat(plan.get("gold_daily_revenue").columns()).hasSize(
                GoldSchemas.DAILY_REVENUE.getFields().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from gold_fact_sales where order_date between '2026-11-01' and '2026-11-07'",
            "select * from gold_fact_sales where order_date >= date '2026-11-01' and order_date < '2026-11-07'",
            "select * from gold_fact_sales where '2026-11-01' <= order_date and '2026-11-07'::date >= order_date",
            "select * from gold_fact_sales f join silver_products p using (product_id) "
                    + "where f.order_date >= '2026-11-01' and p.price > 0 and f.order_date <= '2026-11-07'",
            "select count(*) from silver_orders o left join gold_fact_sales f on f.order_id = o.order_id "
                    + "where f.order_date between '2026-10-01' and '2026-11-07' and f.order_date >= '2026-11-01'",
            "with w as (select * from gold_fact_sales where order_date between '2026-11-01' and '2026-11-07') "
                    + "select * from w a, w b"})
    void constantRangesOnTheDayColumnLimitTheDaysRead(String sql) throws SQLException {
        ReadPlan.Needs needs = plan(sql).get("gold_fact_sales");
        assertThat(needs.from()).isEqualTo(NOV_1);
        assertThat(needs.to()).isEqualTo(NOV_7);
        assertThat(needs.includes(NOV_1)).isTrue();
        assertThat(needs.includes(NOV_1.minusDays(1))).isFalse();
        assertThat(needs.includes(NOV_7.plusDays(1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from gold_fact_sales where order_date = '2026-11-01' or status = 'PAID'",
            "select * from gold_fact_sales where not (order_date < '2026-11-01')",
            "select * from gold_fact_sales where order_date <> '2026-11-01'",
            "select * from gold_fact_sales where order_date = '2026-11-1'",
            "select * from gold_fact_sales where order_date >= current_date - 7",
            "select * from gold_fact_sales where cast(order_date as varchar) = '2026-11-01'",
            "select * from gold_fact_sales f join silver_orders o using (order_id) where order_date = '2026-11-01'",
            "select * from gold_fact_sales where order_date = '2026-11-01' union all select * from gold_fact_sales",
            "select * from gold_fact_sales where order_date = '2026-11-01' using sample 10",
            "select * from gold_fact_sales tablesample 10% where order_date = '2026-11-01'",
            "select * from silver_orders o asof join gold_fact_sales f on o.order_id = f.order_id "
                    + "and o.placed_at >= f.placed_at where f.order_date = '2026-11-01'",
            "select * from gold_fact_sales f(a, b, order_date) where order_date = '2026-11-01'",
            "select * from gold_fact_sales f join silver_orders o on f.order_date = '2026-11-01'"})
    void anythingElseReadsEveryDay(String sql) throws SQLException {
        ReadPlan.Needs needs = plan(sql).get("gold_fact_sales");
        assertThat(needs.from()).isNull();
        assertThat(needs.to()).isNull();
    }

    @Test
    void aRangeNoDayMeetsReadsNoDay() throws SQLException {
        ReadPlan.Needs needs = plan("select * from gold_fact_sales where order_date > '2026-11-07' "
                + "and order_date < '2026-11-01'").get("gold_fact_sales");
        assertThat(List.of(NOV_1, NOV_7, NOV_7.plusDays(1)).stream().filter(needs::includes)).isEmpty();
    }

    private Map<String, ReadPlan.Needs> plan(String sql) throws SQLException {
        return ReadPlan.of(SqlStatement.parse(duckdb, sql).node(), SCHEMAS, DAY_COLUMNS);
    }
}
