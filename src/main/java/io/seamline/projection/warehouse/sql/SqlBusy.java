package io.seamline.projection.warehouse.sql;

import java.time.Duration;

/** As many statements as may run at once are running; {@link #retryAfter()} is when one has ended at the latest. */
public final class SqlBusy extends SqlFailure {

    public static final String RULE = "sql-busy";

    private final Duration retryAfter;

    public SqlBusy(int running, Duration retryAfter) {
        super(running + " SQL statements are running, as many as may run at once; retry in "
                + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String rule() {
        return RULE;
    }
}
