package io.seamline.projection.rowstore;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.EventGeneration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The row store rebuilt beside the live tables: {@code *_rebuild} tables of the live tables' shape (columns,
 * constraints, indexes) are filled from the log, then one transaction renames the live tables to {@code *_previous}
 * (kept until the next rebuild) and the rebuilt ones to the live names. Queries keep reading the live tables until that
 * commit, and wait only for the renames; the transaction either commits whole or leaves the live tables as they were.
 */
final class RowStoreGeneration implements EventGeneration {

    private final DataSource dataSource;
    private final RowStoreProjection projection;
    private long events;
    private boolean swapped;

    private RowStoreGeneration(DataSource dataSource, RowStoreProjection projection) {
        this.dataSource = dataSource;
        this.projection = projection;
    }

    /** Empty tables for a rebuild, replacing those of a rebuild that did not finish. */
    static RowStoreGeneration create(DataSource dataSource, RowStoreProjection projection) throws SQLException {
        RowStoreTables live = RowStoreTables.LIVE;
        RowStoreTables rebuild = RowStoreTables.REBUILD;
        inOneTransaction(dataSource, List.of(
                "drop table if exists " + rebuild.products + ", " + rebuild.orders,
                "create table " + rebuild.products + " (like " + live.products + " including all)",
                "create table " + rebuild.orders + " (like " + live.orders + " including all)"));
        return new RowStoreGeneration(dataSource, projection);
    }

    @Override
    public void apply(List<ConsumedEvent> batch) throws SQLException {
        projection.apply(batch, RowStoreTables.REBUILD, false); // the live consumer keeps the watermark
        events += batch.size();
    }

    @Override
    public void swapIn() throws SQLException {
        RowStoreTables live = RowStoreTables.LIVE;
        RowStoreTables rebuild = RowStoreTables.REBUILD;
        RowStoreTables previous = RowStoreTables.PREVIOUS;
        try (Connection c = dataSource.getConnection()) {
            List<String> renames = new ArrayList<>();
            renames.add("drop table if exists " + previous.products + ", " + previous.orders);
            renames.addAll(rename(c, live.products, previous.products));
            renames.addAll(rename(c, live.orders, previous.orders));
            renames.addAll(rename(c, rebuild.products, live.products));
            renames.addAll(rename(c, rebuild.orders, live.orders));
            inOneTransaction(c, renames);
        }
        swapped = true;
    }

    /**
     * Renames a table and its indexes (named after it, as PostgreSQL names them), so the live tables' index names do
     * not drift from one generation to the next.
     */
    private static List<String> rename(Connection c, String from, String to) throws SQLException {
        List<String> statements = new ArrayList<>();
        statements.add("alter table " + from + " rename to " + to);
        try (PreparedStatement ps = c.prepareStatement(
                "select indexname from pg_indexes where schemaname = current_schema() and tablename = ?")) {
            ps.setString(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    if (index.startsWith(from)) {
                        statements.add("alter index " + index + " rename to " + to + index.substring(from.length()));
                    }
                }
            }
        }
        return statements;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("events", events, "tables", List.of(RowStoreTables.LIVE.products, RowStoreTables.LIVE.orders));
    }

    @Override
    public void close() throws SQLException {
        if (!swapped) {
            RowStoreTables rebuild = RowStoreTables.REBUILD;
            inOneTransaction(dataSource, List.of("drop table if exists " + rebuild.products + ", " + rebuild.orders));
        }
    }

    private static void inOneTransaction(DataSource dataSource, List<String> statements) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            inOneTransaction(c, statements);
        }
    }

    private static void inOneTransaction(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
