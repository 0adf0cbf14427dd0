package io.seamline.projection.warehouse.sql;

import io.seamline.seam.openlineage.ModelDataset.Source;
import io.seamline.seam.openlineage.ModelDataset.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static io.seamline.seam.openlineage.ModelDataset.Transformation.AGGREGATION;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.CONDITIONAL;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.FILTER;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.GROUP_BY;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.IDENTITY;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.JOIN;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.SORT;
import static io.seamline.seam.openlineage.ModelDataset.Transformation.TRANSFORMATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Column lineage read off DuckDB's syntax tree: the gold definitions as shipped, through their CTEs, down to silver
 * columns, and small queries for each way a column can be used.
 */
class SqlColumnLineageTest {

    private static final Map<String, List<String>> SILVER = Map.of(
            "silver_orders", List.of("order_id", "order_date", "placed_at", "customer_id", "status"),
            "silver_order_lines", List.of("order_id", "line_no", "product_id", "title", "category", "quantity",
                    "unit_price", "amount", "currency"));

    private Connection duckdb;

    @BeforeEach
    void open() throws SQLException {
        duckdb = DuckDbArrow.open();
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
    }

    @Test
    void factSales_passesSilverColumnsOnAsTheyAre_joinedOnTheOrder() throws Exception {
        SqlColumnLineage.Lineage lineage = gold("fact_sales");

        assertThat(lineage.fields().keySet()).containsExactly("order_id", "line_no", "order_date", "placed_at",
                "customer_id", "product_id", "title", "category", "quantity", "unit_price", "amount", "currency",
                "status");
        assertThat(lineage.fields().get("amount")).containsExactly(source("silver_order_lines", "amount", IDENTITY));
        assertThat(lineage.fields().get("status")).containsExactly(source("silver_orders", "status", IDENTITY));
        assertThat(lineage.dataset()).containsExactlyInAnyOrder(source("silver_orders", "order_id", JOIN),
                source("silver_order_lines", "order_id", JOIN), source("silver_order_lines", "order_id", SORT),
                source("silver_order_lines", "line_no", SORT));
    }

    @Test
    void dailyRevenue_tracesEachMeasureThroughItsCtes_toTheSilverColumnsItAggregates() throws Exception {
        SqlColumnLineage.Lineage lineage = gold("daily_revenue");

        assertThat(lineage.fields().keySet()).containsExactly("day", "category", "currency", "gross_revenue",
                "net_revenue", "orders", "cancelled_orders", "units", "avg_order_value");
        assertThat(lineage.fields().get("day")).containsExactly(source("silver_orders", "order_date", IDENTITY));
        assertThat(lineage.fields().get("gross_revenue"))
                .containsExactly(source("silver_order_lines", "amount", AGGREGATION));
        assertThat(lineage.fields().get("net_revenue")).containsExactlyInAnyOrder(
                source("silver_orders", "status", CONDITIONAL), source("silver_order_lines", "amount", AGGREGATION));
        assertThat(lineage.fields().get("units")).containsExactly(source("silver_order_lines", "quantity", AGGREGATION));
        assertThat(lineage.fields().get("cancelled_orders")).containsExactly(source("silver_orders", "status", FILTER));
        assertThat(lineage.fields().get("orders")).as("count(*) reads no column").isEmpty();
        assertThat(lineage.fields().get("avg_order_value")).contains(
                source("silver_order_lines", "amount", AGGREGATION), source("silver_orders", "status", CONDITIONAL));
        assertThat(lineage.dataset()).contains(source("silver_orders", "order_id", JOIN),
                source("silver_order_lines", "category", GROUP_BY), source("silver_orders", "order_date", GROUP_BY),
                source("silver_orders", "status", GROUP_BY), source("silver_orders", "order_date", SORT));
    }

    @Test
    void eachUseOfAColumn_isNamedAsSuch() throws Exception {
        SqlColumnLineage.Lineage lineage = SqlColumnLineage.of(duckdb, """
                SELECT o.order_id AS id, upper(o.status) AS shout, CASE WHEN o.status = 'X' THEN 1 END AS flag
                FROM silver_orders AS o WHERE o.customer_id IS NOT NULL""", SILVER::get);

        assertThat(lineage.fields().get("id")).containsExactly(source("silver_orders", "order_id", IDENTITY));
        assertThat(lineage.fields().get("shout")).containsExactly(source("silver_orders", "status", TRANSFORMATION));
        assertThat(lineage.fields().get("flag")).containsExactly(source("silver_orders", "status", CONDITIONAL));
        assertThat(lineage.dataset()).containsExactly(source("silver_orders", "customer_id", FILTER));
    }

    @Test
    void aStar_andUnqualifiedColumnsOfAJoin_resolveByTheTablesColumns() throws Exception {
        SqlColumnLineage.Lineage lineage = SqlColumnLineage.of(duckdb, """
                SELECT *, amount FROM silver_orders AS o JOIN silver_order_lines AS l USING (order_id)""",
                SILVER::get);

        assertThat(lineage.fields().get("customer_id")).containsExactly(source("silver_orders", "customer_id", IDENTITY));
        assertThat(lineage.fields().get("amount")).containsExactly(source("silver_order_lines", "amount", IDENTITY));
    }

    @Test
    void aColumnNoTableHas_isRefused() {
        assertThatThrownBy(() -> SqlColumnLineage.of(duckdb,
                "SELECT nowhere FROM silver_orders AS o JOIN silver_order_lines AS l ON o.order_id = l.order_id",
                SILVER::get)).hasMessageContaining("nowhere");
    }

    private SqlColumnLineage.Lineage gold(String table) throws IOException, SQLException {
        return SqlColumnLineage.of(duckdb, Files.readString(Path.of("projections/warehouse/gold/" + table + ".sql")),
                SILVER::get);
    }

    private static Source source(String dataset, String field, Transformation how) {
        return new Source(dataset, field, how);
    }
}
