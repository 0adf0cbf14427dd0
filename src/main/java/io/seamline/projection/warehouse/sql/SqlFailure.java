package io.seamline.projection.warehouse.sql;

/**
 * Why a SQL request over the warehouse got no answer: refused, timed out or turned away as too busy. {@link #rule()}
 * names the rule, so a caller can answer with it and an audit can record it as the outcome.
 */
public abstract sealed class SqlFailure extends RuntimeException permits SqlRefused, SqlTimedOut, SqlBusy {

    protected SqlFailure(String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
    }

    /** The rule the request ran into, e.g. {@code sql-not-allowed}. */
    public abstract String rule();
}
