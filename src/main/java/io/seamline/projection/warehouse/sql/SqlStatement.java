package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One query as DuckDB's own parser reads it: the text, and its syntax tree from {@code json_serialize_sql}, which
 * serializes queries only (DDL, DML, COPY, ATTACH, SET, PRAGMA, ... come back as "not implemented") and gives one
 * tree per statement, so "exactly one query" is the parser's answer, not a guess from the text.
 */
final class SqlStatement {

    /**
     * The lines {@link #bounded} puts before the caller's text, which starts a line of its own: line N + 1 of the
     * bounded text is line N of the caller's.
     */
    static final int WRAPPER_LINES = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private final JsonNode node;

    private SqlStatement(String text, JsonNode node) {
        this.text = text;
        this.node = node;
    }

    /**
     * Parses {@code text} with the parser of {@code duckdb}; throws {@link SqlRefused} unless it holds exactly one
     * statement and that statement is a query.
     */
    public static SqlStatement parse(Connection duckdb, String text) throws SQLException {
        JsonNode parsed = serialize(duckdb, text);
        if (parsed.path("error").asBoolean()) {
            if ("not implemented".equals(parsed.path("error_type").asText())) {
                throw SqlRefused.notAllowed("only a query (SELECT, FROM, WITH or VALUES) runs here; DDL, DML, COPY, "
                        + "ATTACH, INSTALL, LOAD, PRAGMA, SET, RESET, CALL, EXPLAIN and every other statement are "
                        + "refused");
            }
            String at = parsed.hasNonNull("position")
                    ? " (" + ErrorText.position(text, parsed.path("position").asInt()) + ")" : "";
            throw SqlRefused.invalid(ErrorText.of(parsed.path("error_message").asText()) + at);
        }
        JsonNode statements = parsed.path("statements");
        if (statements.isEmpty()) {
            throw SqlRefused.invalid("sql holds no statement, only blanks or comments");
        }
        if (statements.size() > 1) {
            throw SqlRefused.notAllowed("exactly one statement runs here; sql holds " + statements.size());
        }
        return new SqlStatement(text, statements.get(0).path("node"));
    }

    /** The query's syntax tree (DuckDB's JSON form of its SelectStatement node). */
    public JsonNode node() {
        return node;
    }

    /**
     * The text to run: this very query, returning at most {@code rows} rows. DuckDB's JDBC driver computes the
     * whole answer of a statement before the first row can be read (and its streaming mode drops the reason of
     * every error), so the row limit must be in the statement: the query goes inside
     * {@code SELECT * FROM (...) AS query LIMIT rows}. That text is parsed again and must be exactly that query
     * tree, the user's node unchanged inside it; a text that would read differently there is refused.
     */
    public String bounded(Connection duckdb, int rows) throws SQLException {
        String bounded = "SELECT * FROM (\n" + withoutTrailingSemicolons(text) + "\n) AS query LIMIT " + rows;
        JsonNode expected = serialize(duckdb, "SELECT * FROM (SELECT 1) AS query LIMIT " + rows);
        ((ObjectNode) expected.path("statements").path(0).path("node").path("from_table").path("subquery"))
                .set("node", node.deepCopy());
        if (!withoutLocations(serialize(duckdb, bounded)).equals(withoutLocations(expected))) {
            throw SqlRefused.notAllowed("the query does not stand alone: it must read the same inside parentheses "
                    + "(end it without a comment after a final semicolon)");
        }
        return bounded;
    }

    /** The text as written up to its end, where blanks and semicolons go: its lines and columns stay the caller's. */
    private static String withoutTrailingSemicolons(String text) {
        String stripped = text.stripTrailing();
        while (stripped.endsWith(";")) {
            stripped = stripped.substring(0, stripped.length() - 1).stripTrailing();
        }
        return stripped;
    }

    /** The text as the caller wrote it. */
    public String text() {
        return text;
    }

    /** The tree without source positions, which differ between the query alone and the query inside the bound. */
    private static JsonNode withoutLocations(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("query_location");
            object.remove("query_location_length");
        }
        node.forEach(SqlStatement::strip);
    }

    private static JsonNode serialize(Connection duckdb, String sql) throws SQLException {
        try (PreparedStatement statement = duckdb.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return JSON.readTree(result.getString(1));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DuckDB's parser answered with JSON this build cannot read", e);
        }
    }
}
