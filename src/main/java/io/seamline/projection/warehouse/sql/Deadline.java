package io.seamline.projection.warehouse.sql;

import java.time.Duration;

/**
 * The moment a SQL request must be done by. Everything the request runs checks it: the copy of each batch into
 * DuckDB, each statement (as DuckDB's own {@code max_execution_time}), each row read back.
 */
final class Deadline {

    private final Duration timeout;
    private final long endNanos;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Whole milliseconds left, at least 1 (DuckDB reads 0 as "no limit"). */
    public long remainingMillis() {
        return Math.max(1, Duration.ofNanos(endNanos - System.nanoTime()).toMillis());
    }

    /** Throws {@link SqlTimedOut} once the deadline has passed. */
    public void check() {
        if (passed()) {
            throw new SqlTimedOut(timeout);
        }
    }
}
