package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.WarehouseTables;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableReader;
import org.apache.arrow.memory.BufferAllocator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-only SQL over the warehouse, in an embedded DuckDB: each table the statement names ({@code silver_orders}
 * for silver.orders, and so on) is handed over as of one point in time, then the statement runs wrapped as a
 * subquery, which only a query can be, with local files, extensions and settings locked away. Every answer names
 * the version of each table it read.
 */
public final class WarehouseSql {

    /** The name of a warehouse table in SQL: {@code layer_table}. */
    public static String sqlName(String tableId) {
        return tableId.replace('.', '_');
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "warehouse-sql-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final WarehouseTables tables;
    private final BufferAllocator allocator;

    public WarehouseSql(WarehouseTables tables, BufferAllocator allocator) {
        this.tables = tables;
        this.allocator = allocator;
    }

    /** The answer: columns, at most {@code limit} rows, whether more were cut, and the versions read. */
    public record Result(List<String> columns, List<List<Object>> rows, boolean truncated,
                         Map<String, TableManifest> versions) {
    }

    /** The statement is not one read-only query over the warehouse; the message says why. */
    public static final class InvalidStatement extends RuntimeException {
        public InvalidStatement(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code sql} over every table it names as of {@code asOf} (null: the current versions), returning at most
     * {@code limit} rows, cancelled after {@code timeout}.
     */
    public Result run(String sql, Instant asOf, int limit, Duration timeout) throws SQLException {
        String statement = sql == null ? "" : sql.strip();
        while (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (statement.isEmpty()) {
            throw new InvalidStatement("sql is empty");
        }
        Map<String, TableManifest> versions = new LinkedHashMap<>();
        for (Map.Entry<String, ArrowTable> table : named(statement).entrySet()) {
            versions.put(table.getKey(), asOf == null ? table.getValue().current() : table.getValue().asOf(asOf));
        }
        try (Connection connection = DuckDbArrow.open()) {
            for (Map.Entry<String, TableManifest> version : versions.entrySet()) {
                ArrowTable table = tables.get(version.getKey());
                DuckDbArrow.register(connection, sqlName(version.getKey()), allocator,
                        new TableReader(table, version.getValue(), null, p -> true, allocator));
            }
            lockDown(connection);
            DuckDbArrow.QueryResult result = query(connection,
                    "SELECT * FROM (\n" + statement + "\n) AS query LIMIT " + (limit + 1), timeout);
            boolean truncated = result.rows().size() > limit;
            List<List<Object>> rows = truncated ? result.rows().subList(0, limit) : result.rows();
            return new Result(result.columns(), new ArrayList<>(rows), truncated, versions);
        }
    }

    /** The warehouse tables the statement mentions, by table id. */
    private Map<String, ArrowTable> named(String statement) {
        Map<String, ArrowTable> named = new LinkedHashMap<>();
        String lower = statement.toLowerCase(Locale.ROOT);
        tables.all().forEach((id, table) -> {
            Matcher word = Pattern.compile("\\b" + Pattern.quote(sqlName(id)) + "\\b").matcher(lower);
            if (word.find()) {
                named.put(id, table);
            }
        });
        return named;
    }

    /** After the tables are in: no files, no network, no extensions, and no setting can undo that. */
    private static void lockDown(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET enable_external_access = false");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET lock_configuration = true");
        }
    }

    private static DuckDbArrow.QueryResult query(Connection connection, String sql, Duration timeout)
            throws SQLException {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Statement statement = connection.createStatement()) {
            ScheduledFuture<?> cancel = TIMER.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // the query ended meanwhile
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return DuckDbArrow.query(statement, sql);
            } finally {
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new InvalidStatement("the statement ran longer than the timeout of " + timeout.toMillis() + " ms");
            }
            throw new InvalidStatement(firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "the statement failed" : message.lines().findFirst().orElse(message);
    }
}
