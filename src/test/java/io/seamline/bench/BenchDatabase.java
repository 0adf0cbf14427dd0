package io.seamline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.seamline.bench.BenchLog.log;
import static org.awaitility.Awaitility.await;
import static io.seamline.bench.BenchLog.secondsSince;

/** The harness's JDBC view of the service's PostgreSQL: the head of the event log and the consumers' progress. */
final class BenchDatabase {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    /** Reads the first column of a one-row result. */
    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final String url;

    BenchDatabase(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    String user() {
        return USER;
    }

    String password() {
        return PASSWORD;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** Runs DDL or updates, one statement after the other, each committed. */
    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The global index of the last event in the log, -1 when it is empty. */
    long head() throws SQLException {
        return scalar("select coalesce(max(globalindex), -1) from domainevententry");
    }

    long scalar(String sql) throws SQLException {
        return query(sql, rs -> rs.getLong(1));
    }

    String scalarString(String sql) throws SQLException {
        return query(sql, rs -> rs.getString(1));
    }

    private <T> T query(String sql, Column<T> column) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        }
    }

    void awaitWatermark(String consumer, long head, Duration timeout) throws Exception {
        if (head < 0) {
            return;
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select last_global_index from projection_watermark where consumer = ?")) {
            ps.setString(1, consumer);
            await().alias(consumer + " reaching global index " + head).atMost(timeout)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() && rs.getLong(1) >= head;
                        }
                    });
        }
    }

    /**
     * Waits until every product is in the row store. (Not the rowstore watermark: it is the highest global index
     * of the last applied batch, and a batch drawn from some of the topic's partitions can carry it past events
     * still waiting in another partition.)
     */
    void awaitVisible(List<String> ids, Duration timeout) throws Exception {
        long t = System.nanoTime();
        AtomicBoolean watermarkAhead = new AtomicBoolean();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from rowstore_product where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            long head = head();
            await().alias(ids.size() + " products visible in the row store").atMost(timeout)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        long watermark = scalar("select coalesce(max(last_global_index), -1) "
                                + "from projection_watermark where consumer = 'rowstore'");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) == ids.size()) {
                                return true;
                            }
                        }
                        watermarkAhead.compareAndSet(false, watermark >= head);
                        return false;
                    });
        }
        log("%,d products visible in the row store after %.1f s%s", ids.size(), secondsSince(t),
                watermarkAhead.get() ? " (the rowstore watermark had reached the head before they all were)" : "");
    }

    /** Lets the relay and the rowstore consumer catch up with the log, so a baseline does not share the CPU. */
    void awaitQuiet() throws Exception {
        long t = System.nanoTime();
        long head = head();
        try {
            awaitWatermark("relay", head, Duration.ofMinutes(3));
            awaitWatermark("rowstore", head, Duration.ofMinutes(3));
            log("relay and rowstore at the head (%d) after %.1f s", head, secondsSince(t));
        } catch (IllegalStateException e) {
            log("going on although %s", e.getMessage());
        }
    }
}
