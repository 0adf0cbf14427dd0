package io.seamline.projection.warehouse.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What DuckDB's own parser makes of a text: one query, or a refusal naming the rule. */
class SqlStatementTest {

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
    void oneQueryParsesToItsSyntaxTree() throws SQLException {
        SqlStatement statement = SqlStatement.parse(duckdb, "select status, count(*) from silver_orders group by 1;");
        assertThat(statement.node().path("type").asText()).isEqualTo("SELECT_NODE");
        assertThat(statement.node().path("from_table").path("table_name").asText()).isEqualTo("silver_orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "create table pwn as select 42 x",
            "insert into silver_orders values (1)",
            "update silver_orders set status = 'x'",
            "delete from silver_orders",
            "drop table silver_orders",
            "alter table silver_orders add column x int",
            "copy silver_orders to 'out.csv'",
            "copy (select 1) to 'out.parquet' (format parquet)",
            "attach 'other.db' as other",
            "detach other",
            "install httpfs",
            "load httpfs",
            "force install httpfs from core_nightly",
            "pragma version",
            "pragma enable_profiling",
            "set enable_external_access = true",
            "set lock_configuration = false",
            "reset memory_limit",
            "call pragma_version()",
            "explain select 1",
            "explain analyze select 1",
            "export database 'out'",
            "import database 'in'",
            "checkpoint",
            "vacuum",
            "use memory",
            "begin transaction",
            "create secret (type s3, key_id 'k', secret 's')",
            "prepare q as select 1",
            "execute q",
            "create macro m(x) as x",
            "pivot silver_orders on status using count(*)",
            "select 1; select 2",
            "select 1; drop table silver_orders"})
    void anythingButExactlyOneQueryIsNotAllowed(String sql) {
        assertThatThrownBy(() -> SqlStatement.parse(duckdb, sql))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.rule()).isEqualTo(SqlRefused.NOT_ALLOWED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1) q; create table pwn as select 42 x; select * from pwn, (select 1",
            "select 1) as query; drop table silver_orders; select (1",
            ") union select 1 --",
            "select 1 /* unterminated",
            "selec 1",
            "",
            "  ;  ",
            "-- nothing but a comment"})
    void textThatIsNoQueryIsInvalid(String sql) {
        assertThatThrownBy(() -> SqlStatement.parse(duckdb, sql))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.rule()).isEqualTo(SqlRefused.INVALID));
    }

    @Test
    void aSyntaxErrorIsReportedAtItsPlaceInTheTextAsWritten() {
        assertThatThrownBy(() -> SqlStatement.parse(duckdb, "select 1) q; create table pwn as select 42 x"))
                .hasMessage("syntax error at or near \")\" (line 1, column 9)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1 as x -- ) as query; drop table t; (",
            "select 1 as x /* ) as query; drop table t; ( */",
            "select ')' as y, 1 as x",
            "select '); drop table t; --' as y, 1 as x",
            "select 1 as x;",
            "select 1 as x ;\n ; ",
            "with q as (select 1 as x) select x from q",
            "from (values (1)) v(x) select x",
            "select x from (select 1 as x) order by x limit 5 offset 0"})
    void theBoundedTextRunsTheQueryAsWrittenAndNothingElse(String sql) throws SQLException {
        String bounded = SqlStatement.parse(duckdb, sql).bounded(duckdb, 3);
        assertThat(bounded).contains(sql.strip().replaceAll("[;\\s]+$", "")).endsWith("LIMIT 3");
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(bounded)) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt("x")).isEqualTo(1);
            assertThat(result.next()).isFalse();
        }
        try (Statement statement = duckdb.createStatement();
             ResultSet tables = statement.executeQuery("select count(*) from duckdb_tables()")) {
            tables.next();
            assertThat(tables.getLong(1)).as("nothing was created").isZero();
        }
    }

    @Test
    void aQueryThatReadsDifferentlyInsideTheBoundIsRefused() throws SQLException {
        // the comment after the semicolon would swallow the closing parenthesis of the bound
        SqlStatement statement = SqlStatement.parse(duckdb, "select 1; -- done");
        assertThatThrownBy(() -> statement.bounded(duckdb, 3))
                .isInstanceOfSatisfying(SqlRefused.class, e -> assertThat(e.rule()).isEqualTo(SqlRefused.NOT_ALLOWED));
    }
}
