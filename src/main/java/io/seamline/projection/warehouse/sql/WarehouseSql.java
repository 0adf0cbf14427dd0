package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.WarehouseTables;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DayPartition;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableReader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Read-only SQL over the warehouse, in an embedded DuckDB of its own per statement. DuckDB's parser decides that
 * the text is exactly one query, and its syntax tree which warehouse tables ({@code silver_orders} for silver.orders,
 * and so on) it reads, and of those which columns and days; only those are copied in, each as of the version its
 * {@link SqlAsOf} gives it (one point in time for all, or a version or time of its own). The
 * query then runs as parsed, under a row limit, with DuckDB's memory, threads and temp disk limited before anything
 * else and local files, extensions and settings locked away after the copy; one deadline covers all of it. Every
 * answer names the version of each table it read.
 */
public final class WarehouseSql {

    /** The name of a warehouse table in SQL: {@code layer_table}. */
    public static String sqlName(String tableId) {
        return tableId.replace('.', '_');
    }

    private final WarehouseTables tables;
    private final BufferAllocator allocator;
    private final SqlLimits limits;

    public WarehouseSql(WarehouseTables tables, BufferAllocator allocator, SqlLimits limits) {
        this.tables = tables;
        this.allocator = allocator;
        this.limits = limits;
    }

    /** Deletes what statements of an earlier run left in the temp directory (a crash skips their clean-up). */
    public static void clearTemp(SqlLimits limits) {
        SpillDirectory.purge(limits.tempRoot());
    }

    /** The answer: columns, at most the asked rows, whether rows were cut, and the version of each table read. */
    public record Result(List<String> columns, List<List<Object>> rows, boolean truncated,
                         Map<String, TableManifest> versions) {
    }

    /**
     * Runs {@code sql} over the tables it reads, each as of the version {@code asOf} gives it (null: the current
     * versions), answering with at most {@code maxRows} rows and {@link SqlLimits#answerBytes()} bytes. Throws
     * {@link SqlRefused} for a statement that may not run or that DuckDB refused, {@link SqlTimedOut} past the
     * timeout, and for {@code asOf} what {@link SqlAsOf#versions} throws.
     */
    public Result run(String sql, SqlAsOf asOf, int maxRows) {
        Deadline deadline = Deadline.after(limits.timeout());
        try (SpillDirectory spill = SpillDirectory.create(limits.tempRoot());
             Connection duckdb = DuckDbArrow.open(settings(spill))) {
            String bounded;
            Map<String, TableManifest> versions;
            try {
                SqlStatement statement = SqlStatement.parse(duckdb, sql);
                bounded = statement.bounded(duckdb, maxRows + 1);
                Map<String, String> ids = new TreeMap<>();
                tables.all().keySet().forEach(id -> ids.put(sqlName(id), id));
                versions = (asOf == null ? SqlAsOf.CURRENT : asOf).versions(tables, ids,
                        StatementCheck.tablesRead(statement.node(), ids.keySet()));
                copyIn(duckdb, statement, versions, deadline);
            } catch (SQLException e) {
                throw failure(e, deadline, null);
            }
            try (Statement query = duckdb.createStatement()) {
                query.execute("SET max_execution_time = " + deadline.remainingMillis());
                lockDown(query);
                DuckDbArrow.QueryResult answer = DuckDbArrow.query(query, bounded, maxRows, limits.answerBytes(),
                        deadline);
                return new Result(answer.columns(), answer.rows(), answer.truncated(), versions);
            } catch (SQLException e) {
                throw failure(e, deadline, SqlRefused.invalid(ErrorText.of(e.getMessage())));
            }
        } catch (SQLException e) {
            throw failure(e, deadline, null); // opening or closing DuckDB
        }
    }

    /** DuckDB's limits, set when the database starts, before anything runs in it. */
    private Properties settings(SpillDirectory spill) {
        Properties settings = new Properties();
        settings.setProperty("memory_limit", limits.memoryBytes() + "B");
        settings.setProperty("threads", Integer.toString(limits.threads()));
        settings.setProperty("temp_directory", spill.path().toString());
        settings.setProperty("max_temp_directory_size", limits.tempBytes() + "B");
        settings.setProperty("max_execution_time", Long.toString(limits.timeout().toMillis()));
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("autoload_known_extensions", "false");
        return settings;
    }

    /** Copies what the statement reads of each table into DuckDB: its columns, and the files of its days. */
    private void copyIn(Connection duckdb, SqlStatement statement, Map<String, TableManifest> versions,
                        Deadline deadline) throws SQLException {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        Map<String, String> dayColumns = new LinkedHashMap<>();
        versions.forEach((id, version) -> {
            ArrowTable table = tables.get(id);
            schemas.put(sqlName(id), table.schema());
            dayColumn(table, version).ifPresent(column -> dayColumns.put(sqlName(id), column));
        });
        Map<String, ReadPlan.Needs> plan = ReadPlan.of(statement.node(), schemas, dayColumns);
        try (Statement settings = duckdb.createStatement()) {
            for (Map.Entry<String, TableManifest> version : versions.entrySet()) {
                ArrowTable table = tables.get(version.getKey());
                ReadPlan.Needs needs = plan.get(sqlName(table.name()));
                Predicate<String> partitions = dayColumns.containsKey(sqlName(table.name()))
                        ? partition -> needs.includes(DayPartition.parse(partition).orElseThrow().day())
                        : partition -> true;
                deadline.check();
                settings.execute("SET max_execution_time = " + deadline.remainingMillis());
                DuckDbArrow.register(duckdb, sqlName(table.name()), allocator, new DeadlineReader(
                        new TableReader(table, version.getValue(), needs.columns(), partitions, allocator), deadline,
                        allocator));
            }
        }
    }

    /** The DATE column every file of the version is partitioned by, if there is one. */
    private static Optional<String> dayColumn(ArrowTable table, TableManifest version) {
        Set<String> keys = new HashSet<>();
        for (DataFile file : version.files()) {
            Optional<DayPartition> day = DayPartition.parse(file.partition());
            if (day.isEmpty()) {
                return Optional.empty();
            }
            keys.add(day.get().key());
        }
        if (keys.size() != 1) {
            return Optional.empty();
        }
        String key = keys.iterator().next();
        return table.schema().getFields().stream()
                .filter(field -> field.getName().equals(key)
                        && field.getType().equals(new ArrowType.Date(DateUnit.DAY)))
                .map(Field::getName).findFirst();
    }

    /** After the tables are in: no files, no network, no extensions, and no setting can undo that. */
    private static void lockDown(Statement statement) throws SQLException {
        statement.execute("SET enable_external_access = false");
        statement.execute("SET lock_configuration = true");
    }

    /**
     * What a failed DuckDB call means: the request's time ran out, a memory or temp-disk limit was reached, or
     * {@code otherwise} (the statement's own error; null where the failure is this service's, not the statement's).
     */
    private RuntimeException failure(SQLException e, Deadline deadline, SqlFailure otherwise) {
        if (e instanceof SQLTimeoutException || deadline.passed()) {
            return new SqlTimedOut(deadline.timeout());
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Out of Memory Error")) {
            return SqlRefused.overLimit("the statement needs more than the " + limits.memoryBytes() / (1024 * 1024)
                    + " MiB of memory and " + limits.tempBytes() / (1024 * 1024) + " MiB of temp disk a statement may "
                    + "use (" + ErrorText.of(message) + ")");
        }
        return otherwise != null ? otherwise : new IllegalStateException("DuckDB failed on the warehouse's tables: "
                + ErrorText.of(message), e);
    }
}
