package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a query must meet, checked on the syntax trees DuckDB's own parser gives. */
class StatementCheckTest {

    private static final Set<String> WAREHOUSE = Set.of("silver_orders", "silver_order_lines", "gold_fact_sales",
            "gold_daily_revenue");

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
    void theTablesReadAreTheWarehouseTablesNamedInAnyPartOfTheQuery() throws SQLException {
        assertThat(tablesRead("with recent as (select * from silver_orders where order_date > '2026-01-01') "
                + "select r.status, (select count(*) from silver_order_lines l where l.order_id = r.order_id) "
                + "from recent r join Gold_Fact_Sales f using (order_id) "
                + "where exists (select 1 from gold_daily_revenue) union all select 'x', 1"))
                .containsExactlyInAnyOrder("silver_orders", "silver_order_lines", "gold_fact_sales",
                        "gold_daily_revenue");
        assertThat(tablesRead("with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) "
                + "select * from r, (values (1)) v(x)")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from read_csv('/etc/passwd')",
            "select * from read_csv_auto('data/x.csv')",
            "select * from read_text('/etc/hostname')",
            "select * from read_blob('/etc/hostname')",
            "select * from glob('/*')",
            "select * from read_parquet('x.parquet')",
            "select * from read_json('x.json')",
            "select * from parquet_metadata('x.parquet')",
            "select * from range(10)",
            "select * from generate_series(1, 10)",
            "select * from query('select 1')",
            "select * from query_table('silver_orders')",
            "select * from duckdb_settings()",
            "select * from duckdb_tables()",
            "select * from pragma_version()",
            "select * from json_execute_serialized_sql('{}')",
            "select * from silver_orders, unnest([1, 2])",
            "select * from silver_orders where exists (select * from read_csv('x'))",
            "select * from '/etc/passwd'",
            "select * from 'data/warehouse/gold/fact_sales/x.arrow'",
            "select * from information_schema.schemata",
            "select * from system.information_schema.tables",
            "select * from main.silver_orders",
            "select * from memory.main.silver_orders",
            "select * from system.main.duckdb_settings",
            "select * from duckdb_settings",
            "select * from no_such_table",
            "summarize silver_orders",
            "describe main.silver_orders",
            "describe select * from read_csv('x.csv')",
            "show no_such_table",
            "select current_setting('temp_directory')",
            "select repeat('x', 5e7)",
            "select repeat('x', 10001)",
            "select repeat('xx', 5001)",
            "select repeat(status, 2) from silver_orders",
            "select lpad('x', 100000000, 'y')",
            "select rpad(status, 20000, 'y') from silver_orders",
            "select range(100000000)",
            "select generate_series(1, 20000)",
            "select range(0, 100000, 1)",
            "select range(n) from (select 5 as n)",
            "select list_resize([1], 400000000)",
            "select array_resize([1], 20000)",
            "select bitstring('1', 1000000)",
            "select bar(1, 0, 10, 1000000)",
            "select to_base(1, 2, 1000000)",
            "select printf('%1000000000d', 1)",
            "select format('{:>100000000}', 'x')",
            "select printf(status, 1) from silver_orders"})
    void whatReachesBeyondTheWarehouseOrBuildsHugeValuesIsNotAllowed(String sql) {
        assertThatThrownBy(() -> tablesRead(sql))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.rule()).isEqualTo(SqlRefused.NOT_ALLOWED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select repeat('-', 20), lpad(status, 12, ' '), rpad('a', 10, '.') from silver_orders",
            "select range(10), generate_series(1, 10000, 2), list_resize([1], 3)",
            "select unnest(range(1, 31)) as day_of_month",
            "select bar(5, 0, 10), bar(5, 0, 10, 40), printf('%05.2f', 1.5), format('{:>8}', 'x')",
            "select count(*), sum(total), string_agg(status, ',') from silver_orders"})
    void smallValueBuildersAndOrdinaryFunctionsAreAllowed(String sql) throws SQLException {
        tablesRead(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"show tables", "SHOW ALL TABLES", "describe silver_orders", "show silver_orders",
            "select * from information_schema.tables", "select column_name from information_schema.columns",
            "describe select status from silver_orders"})
    void theCatalogueMayBeAskedWithoutReadingATable(String sql) throws SQLException {
        StatementCheck.Reads reads = StatementCheck.check(SqlStatement.parse(duckdb, sql).node(), WAREHOUSE);
        assertThat(reads.catalogue()).isTrue();
        assertThat(reads.tables()).isEmpty();
    }

    @Test
    void aQueryOfTablesOnlyDoesNotAskTheCatalogue() throws SQLException {
        StatementCheck.Reads reads = StatementCheck.check(SqlStatement.parse(duckdb,
                "select * from silver_orders").node(), WAREHOUSE);
        assertThat(reads.catalogue()).isFalse();
        assertThat(reads.tables()).containsExactly("silver_orders");
    }

    @Test
    void aCteMayNotHideAFileBehindAWarehouseLikeName() {
        assertThatThrownBy(() -> tablesRead("with x as (select 1) select * from x, read_csv('/etc/passwd')"))
                .isInstanceOf(SqlRefused.class);
    }

    private Set<String> tablesRead(String sql) throws SQLException {
        JsonNode node = SqlStatement.parse(duckdb, sql).node();
        return StatementCheck.tablesRead(node, WAREHOUSE);
    }
}
