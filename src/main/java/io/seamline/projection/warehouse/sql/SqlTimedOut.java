package io.seamline.projection.warehouse.sql;

import java.time.Duration;

/** A request ran past its timeout (copying tables in and running the statement both count) and was cancelled. */
final class SqlTimedOut extends SqlFailure {

    public static final String RULE = "sql-timeout";

    private final Duration timeout;

    public SqlTimedOut(Duration timeout) {
        super("the statement ran longer than the timeout of " + timeout.toMillis() + " ms and was cancelled");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String rule() {
        return RULE;
    }
}
