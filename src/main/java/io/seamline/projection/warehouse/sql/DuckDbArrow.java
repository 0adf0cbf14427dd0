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
import java.nio.charset.StandardCharsets;
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
        return open(new Properties());
    }

    /** As {@link #open()}, the database started with DuckDB {@code settings} (e.g. {@code memory_limit}). */
    public static Connection open(Properties settings) throws SQLException {
        // the driver itself, not DriverManager: DriverManager only offers drivers the caller's class loader sees,
        // which under Quarkus' class loaders need not be the one that loaded DuckDB
        return new DuckDBDriver().connect("jdbc:duckdb:", settings);
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
            return query(statement, sql, Integer.MAX_VALUE, Long.MAX_VALUE, null);
        }
    }

    /**
     * Runs {@code sql} on a statement the caller holds and reads at most {@code maxRows} rows and {@code maxBytes}
     * bytes of values, whichever comes first, checking {@code deadline} (if any) before each row. Bytes are those of
     * the values as JSON text, a close estimate counted as the rows are read: strings their UTF-8 bytes and quotes,
     * other values their printed form.
     */
    public static QueryResult query(Statement statement, String sql, int maxRows, long maxBytes, Deadline deadline)
            throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>(meta.getColumnCount());
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                columns.add(meta.getColumnLabel(c));
            }
            List<List<Object>> rows = new ArrayList<>();
            long bytes = columns.stream().mapToLong(column -> jsonBytes(column) + 1).sum();
            while (rs.next()) {
                if (deadline != null) {
                    deadline.check();
                }
                Object[] values = new Object[columns.size()];
                long rowBytes = 2;
                for (int c = 0; c < values.length; c++) {
                    values[c] = rs.getObject(c + 1);
                    rowBytes += jsonBytes(values[c]) + 1;
                }
                if (rows.size() == maxRows || bytes + rowBytes > maxBytes) {
                    return new QueryResult(List.copyOf(columns), Collections.unmodifiableList(rows), true);
                }
                bytes += rowBytes;
                rows.add(Collections.unmodifiableList(Arrays.asList(values))); // values may be null
            }
            return new QueryResult(List.copyOf(columns), Collections.unmodifiableList(rows), false);
        }
    }

    private static long jsonBytes(Object value) {
        return switch (value) {
            case null -> 4;
            case String text -> text.getBytes(StandardCharsets.UTF_8).length + 2L;
            case byte[] bytes -> (bytes.length + 2L) / 3 * 4 + 2; // base64
            default -> String.valueOf(value).length() + 2L;
        };
    }

    /**
     * A query's answer: column labels, rows, and whether rows were left unread for a limit. DECIMAL comes as
     * BigDecimal, DATE as LocalDate, TIMESTAMPTZ as OffsetDateTime, BIGINT as Long, INTEGER as Integer.
     */
    public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
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
