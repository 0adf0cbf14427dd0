package io.seamline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** Watches rows until they show an expected version: every {@code pollMillis} one query for all ids still pending. */
final class VisibilityPoller implements AutoCloseable {

    private record Pending(long committedAt, long version, boolean inWindow, Runnable onVisible) {
    }

    private final Latencies lag = new Latencies();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final BenchDatabase db;
    private final long pollNanos;
    private final String sql;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long censoredFloorNanos = Long.MAX_VALUE;
    private Thread thread;

    VisibilityPoller(BenchDatabase db, int pollMillis, String table, String versionColumn) {
        this.db = db;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        this.sql = "select id, " + versionColumn + " from " + table + " where id = any(?)";
    }

    void start() {
        thread = Thread.ofPlatform().name("bench-poller").start(this::loop);
    }

    void expect(String id, long version, long committedAt, boolean inWindow, Runnable onVisible) {
        pending.put(id, new Pending(committedAt, version, inWindow, onVisible));
    }

    /** Commit to visible of the rows committed in the window, the censored ones included after {@link #drain}. */
    Latencies lag() {
        return lag;
    }

    /** The smallest lag counted for a row never seen, in ms (huge without one). */
    double censoredFloorMs() {
        return censoredFloorNanos / 1e6;
    }

    /** A row seen by a query is credited with that query's start (its snapshot): exact to one poll plus one query. */
    private void loop() {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            while (running.get()) {
                long t0 = System.nanoTime();
                List<String> ids = new ArrayList<>();
                for (Map.Entry<String, Pending> e : pending.entrySet()) {
                    if (e.getValue().committedAt() < t0) {
                        ids.add(e.getKey());
                    }
                }
                if (!ids.isEmpty()) {
                    ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String id = rs.getString(1);
                            Pending p = pending.get(id);
                            if (p != null && rs.getLong(2) >= p.version() && p.committedAt() < t0
                                    && pending.remove(id, p)) {
                                if (p.inWindow()) {
                                    lag.add(t0 - p.committedAt());
                                }
                                p.onVisible().run();
                            }
                        }
                    }
                }
                LockSupport.parkNanos(t0 + pollNanos - System.nanoTime());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the visibility poller failed", e);
        }
    }

    /** Waits for the pending rows; returns how many of the window's never became visible. */
    long drain(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(pending::isEmpty);
        } catch (ConditionTimeoutException e) {
            // counted below as never visible
        }
        // never visible: counted at the time waited (a lower bound), so the percentiles do not flatter
        long now = System.nanoTime();
        long censored = 0;
        for (Pending p : pending.values()) {
            if (p.inWindow()) {
                lag.add(now - p.committedAt());
                censoredFloorNanos = Math.min(censoredFloorNanos, now - p.committedAt());
                censored++;
            }
        }
        return censored;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
