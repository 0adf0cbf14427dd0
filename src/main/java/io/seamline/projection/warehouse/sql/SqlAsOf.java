package io.seamline.projection.warehouse.sql;

import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseTables;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableVersionNotFound;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which version of each table a SQL statement reads: the tables {@code pinned} names (by SQL name, such as
 * {@code gold_daily_revenue}, or by id, such as {@code gold.daily_revenue}) as of their own {@link AsOf}, every other
 * table it reads as of {@code others} (the current version, or the one current at an instant: a version number is
 * one table's own, so it can only be pinned).
 */
public record SqlAsOf(AsOf others, Map<String, AsOf> pinned) {

    /** Every table at its current version. */
    public static final SqlAsOf CURRENT = new SqlAsOf(AsOf.CURRENT, Map.of());

    public SqlAsOf {
        if (others instanceof AsOf.Version) {
            throw new IllegalArgumentException("a version number is one table's own: pin it to that table");
        }
        pinned = Collections.unmodifiableMap(new LinkedHashMap<>(pinned)); // keeps the caller's order for refusals
    }

    /** Every table as of {@code time}; null is {@link #CURRENT}. */
    public static SqlAsOf at(Instant time) {
        return time == null ? CURRENT : new SqlAsOf(new AsOf.At(time), Map.of());
    }

    /** The tables {@code pinned} names as of their own {@link AsOf}, every other table at its current version. */
    public static SqlAsOf pinned(Map<String, AsOf> pinned) {
        return new SqlAsOf(AsOf.CURRENT, pinned);
    }

    /**
     * The version of each table the statement reads ({@code read}: their SQL names; {@code ids}: the SQL name of
     * every warehouse table to its id), keyed by id. A pin that names no table, names a table twice, or names one
     * the statement does not read is refused naming its field {@code asOf.<key>}, so a typo never quietly reads the
     * current version; so is a pinned version the table does not retain (404).
     */
    Map<String, TableManifest> versions(WarehouseTables tables, Map<String, String> ids, Set<String> read) {
        Map<String, String> keys = keys(ids, read);
        Map<String, TableManifest> versions = new LinkedHashMap<>();
        for (String name : new TreeSet<>(read)) {
            ArrowTable table = tables.get(ids.get(name));
            String key = keys.get(table.name());
            versions.put(table.name(), key == null ? others.resolve(table) : version(table, key));
        }
        return versions;
    }

    /** The key that pins each pinned table, by table id. */
    private Map<String, String> keys(Map<String, String> ids, Set<String> read) {
        if (pinned.size() > ids.size()) {
            throw new InvalidQueryParameter("asOf", "asOf pins " + pinned.size() + " tables; the warehouse has "
                    + ids.size());
        }
        Map<String, String> keys = new HashMap<>();
        for (String key : pinned.keySet()) {
            String field = field(key);
            String id = ids.containsValue(key) ? key : ids.get(key);
            if (id == null) {
                throw new InvalidQueryParameter(field, "asOf pins '" + key + "', which is no warehouse table; pin "
                        + "one by its SQL name (" + String.join(", ", ids.keySet()) + ") or its id (layer.table)");
            }
            if (!read.contains(WarehouseSql.sqlName(id))) {
                throw new InvalidQueryParameter(field, "asOf pins " + id + ", which the statement does not read ("
                        + (read.isEmpty() ? "it reads no warehouse table" : "it reads "
                        + String.join(", ", new TreeSet<>(read))) + "): a pin on a table it does not read would "
                        + "change nothing");
            }
            String earlier = keys.putIfAbsent(id, key);
            if (earlier != null) {
                throw new InvalidQueryParameter(field, "asOf pins " + id + " twice: as " + field(earlier)
                        + " and as " + field);
            }
        }
        return keys;
    }

    private TableManifest version(ArrowTable table, String key) {
        try {
            return pinned.get(key).resolve(table);
        } catch (TableVersionNotFound e) {
            throw e.naming(field(key));
        }
    }

    /** The request field the pin {@code key} came in ({@code asOf.<key>}): what a refusal of it names. */
    public static String field(String key) {
        return "asOf." + key;
    }
}
