package io.seamline.projection.warehouse.sql;

/**
 * Why a SQL request over the warehouse got no answer: refused, or timed out. {@link #rule()}
 * names the rule, so a caller can answer with it and an audit can record it as the outcome.
 */
public abstract sealed class SqlFailure extends RuntimeException permits SqlRefused, SqlTimedOut {

    protected SqlFailure(String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
    }

    /** The rule the request ran into, e.g. {@code sql-not-allowed}. */
    public abstract String rule();
}
