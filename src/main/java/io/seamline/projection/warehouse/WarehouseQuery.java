package io.seamline.projection.warehouse;

import io.seamline.domain.CategoryPath;
import io.seamline.platform.PlatformConfig;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.sql.SqlAdmission;
import io.seamline.projection.warehouse.sql.SqlAsOf;
import io.seamline.projection.warehouse.sql.SqlLimits;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DayPartition;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableScan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * A read of one table: the version it sees, the columns in the order asked (empty: every column), at most
     * {@code limit} rows, and the days [from, to] of a day-partitioned table (null: open-ended).
     */
    public record Read(AsOf asOf, List<String> columns, long limit, LocalDate from, LocalDate to) {

        /** The current version, every column, the default limit, every day. */
        public static final Read ALL = new Read(AsOf.CURRENT, List.of(), DEFAULT_LIMIT, null, null);

        public Read {
            columns = List.copyOf(columns);
        }
    }

    private final Supplier<WarehouseTables> tables;
    private final BufferAllocator allocator;
    private final SqlLimits sqlLimits;
    private final SqlAdmission sqlAdmission;
    /** The dashboard view of the last version read: versions never change, so its rows are read once. */
    private volatile DashboardView dashboard;

    // The pipeline opens its tables again after a failure, so every read asks it for the ones it holds now.
    @Inject
    WarehouseQuery(WarehousePipeline pipeline, WarehouseSqlConfig sql, PlatformConfig platform) {
        this(pipeline::tables, new RootAllocator(), sql.limits(platform.data().dir()));
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

    /**
     * The dashboard's answer: a page of the view's rows as asked, the version and watermark they reflect, the level
     * they are rolled up to (null: as the view holds them), and where the next page starts (null: this is the last).
     */
    public record Revenue(String table, long tableVersion, Instant committedAt, TableManifest.Watermark watermark,
                          Integer level, List<DailyRevenue> rows, RevenueCursor next) {
    }

    private record DashboardView(Path dir, long version, List<DailyRevenue> rows) {
    }

    /**
     * A page of {@code gold.daily_revenue} as {@code request} asks; see {@link RevenueRollup} for how a roll-up counts
     * orders. A cursor reads the version it was made on: an {@code asOf} naming another is refused.
     */
    public Revenue revenue(RevenueRequest request) throws IOException {
        ArrowTable table = tables.get().get("gold.daily_revenue");
        TableManifest version = request.asOf().resolve(table);
        RevenueCursor after = request.after();
        if (after != null && version.version() != after.version()) {
            if (!(request.asOf() instanceof AsOf.Current)) {
                throw new InvalidQueryParameter("cursor", "this cursor walks version " + after.version()
                        + " but asOf names version " + version.version() + "; drop asOf or the cursor");
            }
            version = table.version(after.version());
        }
        String prefix = CategoryPath.normalise(request.categoryPrefix());
        List<DailyRevenue> matching = dashboardRows(table, version).stream()
                .filter(r -> request.first() == null || !r.day().isBefore(request.first()))
                .filter(r -> request.last() == null || !r.day().isAfter(request.last()))
                .filter(r -> prefix == null ? !CategoryPath.uncategorised(r.category())
                        : CategoryPath.within(r.category(), prefix)
                        || CategoryPath.uncategorised(prefix) && CategoryPath.uncategorised(r.category()))
                .toList();
        List<DailyRevenue> rows = request.level() == null ? matching : RevenueRollup.rollUp(matching, request.level());
        List<DailyRevenue> page = rows.stream()
                .filter(r -> after == null || RevenueCursor.ORDER.compare(key(0, r), after) > 0)
                .limit(request.limit() + 1L).toList();
        RevenueCursor next = null;
        if (page.size() > request.limit()) {
            page = page.subList(0, request.limit());
            next = key(version.version(), page.getLast());
        }
        return new Revenue(table.name(), version.version(), version.committedAt(), version.watermark(),
                request.level(), page, next);
    }

    /** The view's rows at {@code version} in {@link RevenueCursor#ORDER}, read once per version. */
    private List<DailyRevenue> dashboardRows(ArrowTable table, TableManifest version) throws IOException {
        DashboardView view = dashboard;
        if (view == null || !view.dir().equals(table.dir()) || view.version() != version.version()) {
            List<DailyRevenue> rows = new ArrayList<>();
            TableScan.scan(table, version, null, p -> true, allocator,
                    batch -> rows.addAll(GoldRows.DAILY_REVENUE.read(batch)));
            rows.sort(Comparator.comparing(r -> key(0, r), RevenueCursor.ORDER));
            view = new DashboardView(table.dir(), version.version(), List.copyOf(rows));
            dashboard = view;
        }
        return view.rows();
    }

    private static RevenueCursor key(long version, DailyRevenue row) {
        return new RevenueCursor(version, row.day(), row.category(), row.currency());
    }

    /**
     * Runs one read-only SQL statement over the warehouse, each table it reads as {@code asOf} says (null: now), at
     * most {@code limit} rows (null: the default, never above the configured maximum), within the configured limits.
     * Throws {@link InvalidQueryParameter} for parameters it cannot use (an {@code asOf} pin on a table it does not
     * read among them), {@link io.seamline.projection.warehouse.table.TableVersionNotFound} for a version not
     * retained, and a {@link io.seamline.projection.warehouse.sql.SqlFailure} for a statement that was refused
     * ({@code SqlRefused}), ran out of time ({@code SqlTimedOut}) or found every slot taken ({@code SqlBusy}).
     */
    public WarehouseSql.Result sql(String sql, SqlAsOf asOf, Long limit) {
        if (blank(sql)) {
            throw new InvalidQueryParameter("sql", "sql is required: one SELECT statement");
        }
        if (sql.length() > SQL_MAX_LENGTH) {
            throw new InvalidQueryParameter("sql", "sql is longer than " + SQL_MAX_LENGTH + " characters");
        }
        int rows = limit == null ? Math.min(SQL_DEFAULT_LIMIT, sqlLimits.maxRows())
                : (int) checkLimit(limit, sqlLimits.maxRows());
        try (SqlAdmission.Slot slot = sqlAdmission.enter()) {
            return new WarehouseSql(tables.get(), allocator, sqlLimits).run(sql, asOf, rows);
        }
    }

    /** The most rows a SQL statement may ask for, as configured. */
    public int sqlMaxRows() {
        return sqlLimits.maxRows();
    }

    /** The slots SQL statements run in: a caller can take one to keep a statement from running meanwhile. */
    public SqlAdmission sqlAdmission() {
        return sqlAdmission;
    }

    /** Every table with its columns, current version, rows, retained versions and watermark. */
    public WarehouseCatalog catalog() {
        return WarehouseCatalog.of(tables.get());
    }

    /** The table {@code layer.name}, if the warehouse has one. */
    public Optional<ArrowTable> find(String layer, String name) {
        return tables.get().find(layer, name);
    }

    /**
     * Resolves the version, columns and partition range of {@code read} on {@code table}; throws
     * {@link InvalidQueryParameter} for a part of it the table cannot answer and
     * {@link io.seamline.projection.warehouse.table.TableVersionNotFound} for a version that is not retained.
     */
    public WarehouseResult read(ArrowTable table, Read read) {
        TableManifest version = read.asOf().resolve(table);
        List<String> columns = columns(table, read.columns());
        long limit = checkLimit(read.limit(), MAX_LIMIT);
        if (read.from() != null && read.to() != null && read.to().isBefore(read.from())) {
            throw new InvalidQueryParameter("to", "to (" + read.to() + ") is before from (" + read.from() + ")");
        }
        return new WarehouseResult(table, version, columns, partitions(table, version, read.from(), read.to()), limit,
                allocator);
    }

    private static List<String> columns(ArrowTable table, List<String> requested) {
        List<String> all = table.schema().getFields().stream().map(Field::getName).toList();
        if (requested.isEmpty()) {
            return all;
        }
        Set<String> seen = new HashSet<>();
        for (String column : requested) {
            if (!all.contains(column)) {
                throw new InvalidQueryParameter("columns", "table " + table.name() + " has no column '" + column
                        + "'; its columns are " + String.join(", ", all));
            }
            if (!seen.add(column)) {
                throw new InvalidQueryParameter("columns", "columns asks for " + column + " twice");
            }
        }
        return requested;
    }

    private static long checkLimit(long limit, long max) {
        if (limit < 1 || limit > max) {
            throw new InvalidQueryParameter("limit", "limit must be a whole number from 1 to " + max + ", got "
                    + limit);
        }
        return limit;
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
