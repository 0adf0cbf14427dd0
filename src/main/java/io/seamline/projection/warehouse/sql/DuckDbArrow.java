package io.seamline.projection.warehouse.sql;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Puts in-memory Arrow data in front of DuckDB under a table name and runs SQL over it. The data goes in
 * through the Arrow C stream interface ({@link DuckDBConnection#registerArrowStream}), without files.
 *
 * <p>A registered stream can be scanned once only (DuckDB 2.0 answers a second scan with "This stream has
 * been released"), so a query that names the table twice, or a second query, would fail. Each registration
 * therefore copies the stream into a DuckDB table in one scan; the Arrow memory is free again when
 * {@link #register} returns.
 */
public final class DuckDbArrow {

    // table names are spliced into SQL: plain identifiers only
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DuckDbArrow() {
    }

    /** A connection to a new in-memory database; closing it drops the database. */
    public static Connection open() throws SQLException {
        // the driver itself, not DriverManager: DriverManager only offers drivers the caller's class loader sees,
        // which under Quarkus' class loaders need not be the one that loaded DuckDB
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    /** Makes {@code batches} (all of {@code schema}) the table {@code table}, replacing one of that name. */
    public static void register(Connection connection, String table, BufferAllocator allocator, Schema schema,
                                List<VectorSchemaRoot> batches) throws SQLException {
        requireName(table);
        register(connection, table, allocator, new RootListReader(allocator, schema, batches));
    }

    /** Makes what {@code reader} has left the table {@code table}; the reader is consumed and closed. */
    public static void register(Connection connection, String table, BufferAllocator allocator, ArrowReader reader)
            throws SQLException {
        requireName(table);
        String stream = "arrow_stream_" + table;
        try (ArrowArrayStream arrayStream = ArrowArrayStream.allocateNew(allocator)) {
            try {
                Data.exportArrayStream(allocator, reader, arrayStream);
            } catch (RuntimeException e) {
                closeQuietly(reader, e);
                throw e;
            }
            // from here the stream owns the reader and closes it on release
            try (Statement statement = connection.createStatement()) {
                connection.unwrap(DuckDBConnection.class).registerArrowStream(stream, arrayStream);
                statement.execute("CREATE OR REPLACE TABLE " + table + " AS SELECT * FROM " + stream);
                statement.execute("DROP VIEW IF EXISTS " + stream);
            } finally {
                arrayStream.release(); // DuckDB releases a stream it scanned to the end; this covers a failure
            }
        }
    }

    /** Runs {@code sql} and returns its columns and rows, values as the DuckDB driver gives them. */
    public static QueryResult query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return query(statement, sql);
        }
    }

    /** As {@link #query(Connection, String)} on a statement the caller holds, e.g. to cancel it. */
    public static QueryResult query(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>(meta.getColumnCount());
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                columns.add(meta.getColumnLabel(c));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] values = new Object[columns.size()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = rs.getObject(c + 1);
                }
                rows.add(Collections.unmodifiableList(Arrays.asList(values))); // values may be null
            }
            return new QueryResult(List.copyOf(columns), Collections.unmodifiableList(rows));
        }
    }

    /**
     * A query's answer: column labels and rows. DECIMAL comes as BigDecimal, DATE as LocalDate, TIMESTAMPTZ
     * as OffsetDateTime, BIGINT as Long, INTEGER as Integer.
     */
    public record QueryResult(List<String> columns, List<List<Object>> rows) {
    }

    private static void requireName(String table) {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
    }

    private static void closeQuietly(ArrowReader reader, Exception failure) {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
