package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DayPartition;
import io.seamline.projection.warehouse.table.TableManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import io.seamline.projection.warehouse.sql.SqlAdmission;
import io.seamline.projection.warehouse.sql.SqlLimits;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.TableScan;
import org.apache.arrow.vector.types.pojo.Field;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads a warehouse table as of a version or a time: checks the caller's parameters, picks the version and the
 * partitions to open, and answers with a {@link WarehouseResult} that says which version and watermark it reflects.
 */
@ApplicationScoped
public class WarehouseQuery {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 100_000;
    public static final int SQL_DEFAULT_LIMIT = 1_000;
    /** Longer statements are refused before DuckDB sees them. */
    public static final int SQL_MAX_LENGTH = 64 * 1024;

    /** What a caller asked for, as given (null or blank = not given). */
    public record Params(String asOf, String columns, String limit, String from, String to) {
    }

    private final Supplier<WarehouseTables> tables;
    private final BufferAllocator allocator;
    private final SqlLimits sqlLimits;
    private final SqlAdmission sqlAdmission;
    /** The dashboard view of the last version read: versions never change, so its rows are read once. */
    private volatile DashboardView dashboard;

    // The pipeline opens its tables again after a failure, so every read asks it for the ones it holds now.
    @Inject
    WarehouseQuery(WarehousePipeline pipeline, WarehouseSqlConfig sql,
                   @ConfigProperty(name = "seamline.data.dir", defaultValue = "data") String dataDir) {
        this(pipeline::tables, new RootAllocator(), sql.limits(dataDir));
        WarehouseSql.clearTemp(sqlLimits); // what statements of an earlier run left behind
    }

    /** Queries over tables held elsewhere (a test, the benchmark), SQL with the default limits. */
    public WarehouseQuery(Supplier<WarehouseTables> tables, BufferAllocator allocator) {
        this(tables, allocator, SqlLimits.defaults(Path.of(System.getProperty("java.io.tmpdir"), "seamline-sql")));
    }

    WarehouseQuery(Supplier<WarehouseTables> tables, BufferAllocator allocator, SqlLimits sqlLimits) {
        this.tables = tables;
        this.allocator = allocator;
        this.sqlLimits = sqlLimits;
        this.sqlAdmission = new SqlAdmission(sqlLimits.concurrent(), sqlLimits.timeout());
    }

    /** The dashboard's answer: the view's rows in the range, and the version and watermark they reflect. */
    public record Revenue(String table, long version, Instant committedAt, TableManifest.Watermark watermark,
                          List<DailyRevenue> rows) {
    }

    private record DashboardView(Path dir, long version, List<DailyRevenue> rows) {
    }

    /**
     * {@code gold.daily_revenue} as of {@code asOf} (a version or an ISO instant), for the days in [from, to] and,
     * when given, one category.
     */
    public Revenue revenue(String asOf, String from, String to, String category) throws IOException {
        ArrowTable table = tables.get().get("gold.daily_revenue");
        TableManifest version = version(table, asOf);
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        DashboardView view = dashboard;
        if (view == null || !view.dir().equals(table.dir()) || view.version() != version.version()) {
            List<DailyRevenue> rows = new ArrayList<>();
            TableScan.scan(table, version, null, p -> true, allocator,
                    batch -> rows.addAll(WarehouseRows.DAILY_REVENUE.read(batch)));
            view = new DashboardView(table.dir(), version.version(), List.copyOf(rows));
            dashboard = view;
        }
        List<DailyRevenue> rows = view.rows().stream()
                .filter(r -> first == null || !r.day().isBefore(first))
                .filter(r -> last == null || !r.day().isAfter(last))
                .filter(r -> blank(category) || category.equals(r.category()))
                .toList();
        return new Revenue(table.name(), version.version(), version.committedAt(), version.watermark(), rows);
    }

    /**
     * Runs one read-only SQL statement over the warehouse, every table it reads as of {@code asOf} (an ISO instant;
     * absent: now), at most {@code limit} rows, within the configured limits. Throws {@link InvalidQueryParameter}
     * for parameters it cannot use, and a {@link io.seamline.projection.warehouse.sql.SqlFailure} for a statement
     * that was refused ({@code SqlRefused}), ran out of time ({@code SqlTimedOut}) or found every slot taken
     * ({@code SqlBusy}).
     */
    public WarehouseSql.Result sql(String sql, String asOf, String limit) {
        if (blank(sql)) {
            throw new InvalidQueryParameter("sql", "sql is required: one SELECT statement");
        }
        if (sql.length() > SQL_MAX_LENGTH) {
            throw new InvalidQueryParameter("sql", "sql is longer than " + SQL_MAX_LENGTH + " characters");
        }
        Instant at = null;
        if (!blank(asOf)) {
            try {
                at = Instant.parse(asOf.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidQueryParameter("asOf", "asOf must be an ISO-8601 instant for SQL (versions are per "
                        + "table; a time applies to every table), got " + asOf);
            }
        }
        int rows = blank(limit) ? Math.min(SQL_DEFAULT_LIMIT, sqlLimits.maxRows())
                : (int) limit(limit, sqlLimits.maxRows());
        try (SqlAdmission.Slot slot = sqlAdmission.enter()) {
            return new WarehouseSql(tables.get(), allocator, sqlLimits).run(sql, at, rows);
        }
    }

    /** The slots SQL statements run in: a caller can take one to keep a statement from running meanwhile. */
    public SqlAdmission sqlAdmission() {
        return sqlAdmission;
    }

    /** The table {@code layer.name}, if the warehouse has one. */
    public Optional<ArrowTable> find(String layer, String name) {
        return tables.get().find(layer, name);
    }

    /**
     * Resolves the version, columns, limit and partition range of a read of {@code table}; throws
     * {@link InvalidQueryParameter} for a parameter it cannot use and
     * {@link io.seamline.projection.warehouse.table.TableVersionNotFound} for a version that is not retained.
     */
    public WarehouseResult read(ArrowTable table, Params params) {
        TableManifest version = version(table, params.asOf());
        List<String> columns = columns(table, params.columns());
        long limit = limit(params.limit());
        LocalDate from = date("from", params.from());
        LocalDate to = date("to", params.to());
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidQueryParameter("to", "to (" + to + ") is before from (" + from + ")");
        }
        return new WarehouseResult(table, version, columns, partitions(table, version, from, to), limit, allocator);
    }

    private static TableManifest version(ArrowTable table, String asOf) {
        if (blank(asOf)) {
            return table.current();
        }
        String value = asOf.trim();
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? table.version(Long.parseLong(value))
                    : table.asOf(Instant.parse(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidQueryParameter("asOf", "asOf must be a version number or an ISO-8601 instant"
                    + " (e.g. 2026-11-23T10:15:30Z), got " + asOf);
        }
    }

    private static List<String> columns(ArrowTable table, String requested) {
        List<String> all = table.schema().getFields().stream().map(Field::getName).toList();
        if (blank(requested)) {
            return all;
        }
        List<String> columns = Arrays.stream(requested.split(",", -1)).map(String::trim).toList();
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (!all.contains(column)) {
                throw new InvalidQueryParameter("columns", "table " + table.name() + " has no column '" + column
                        + "'; its columns are " + String.join(", ", all));
            }
            if (!seen.add(column)) {
                throw new InvalidQueryParameter("columns", "columns asks for " + column + " twice");
            }
        }
        return columns;
    }

    private static long limit(String limit) {
        return blank(limit) ? DEFAULT_LIMIT : limit(limit, MAX_LIMIT);
    }

    private static long limit(String limit, long max) {
        String value = limit.trim();
        // at most nine digits, so any input parses without overflow
        long parsed = value.matches("[0-9]{1,9}") ? Long.parseLong(value) : -1;
        if (parsed < 1 || parsed > max) {
            throw new InvalidQueryParameter("limit", "limit must be a whole number from 1 to " + max + ", got "
                    + limit);
        }
        return parsed;
    }

    private static LocalDate date(String parameter, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidQueryParameter(parameter, parameter + " must be an ISO date (e.g. 2026-11-23), got "
                    + value);
        }
    }

    /**
     * Keeps the files whose day partition ({@code event_date=…}, {@code order_date=…}) lies in [from, to]; the
     * others are never opened. A range on a table whose files are not partitioned by day is refused rather than
     * ignored, as ignoring it would answer with rows outside the range.
     */
    private static Predicate<String> partitions(ArrowTable table, TableManifest version, LocalDate from,
                                                LocalDate to) {
        if (from == null && to == null) {
            return partition -> true;
        }
        for (DataFile file : version.files()) {
            if (DayPartition.parse(file.partition()).isEmpty()) {
                throw new InvalidQueryParameter(from != null ? "from" : "to", "table " + table.name()
                        + " is not partitioned by day (a file of version " + version.version() + " is in partition '"
                        + file.partition() + "'), so from and to cannot apply");
            }
        }
        return partition -> {
            LocalDate day = DayPartition.parse(partition).orElseThrow().day();
            return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
