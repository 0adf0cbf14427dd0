package io.seamline.projection.warehouse.sql;

/**
 * A statement that is not run, or that DuckDB refused or could not finish within its memory and temp-disk limits;
 * the message says why in the user's terms, without local paths.
 */
final class SqlRefused extends SqlFailure {

    /** Not SQL DuckDB can parse, or a query DuckDB refused while binding or running it. */
    public static final String INVALID = "invalid-sql";
    /** Valid SQL this endpoint does not run: anything but one query over warehouse tables, or a banned function. */
    public static final String NOT_ALLOWED = "sql-not-allowed";
    /** The query needed more memory or temp disk than one statement may use. */
    public static final String RESOURCE_LIMIT = "sql-resource-limit";

    private final String rule;

    private SqlRefused(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public static SqlRefused invalid(String message) {
        return new SqlRefused(INVALID, message);
    }

    public static SqlRefused notAllowed(String message) {
        return new SqlRefused(NOT_ALLOWED, message);
    }

    public static SqlRefused overLimit(String message) {
        return new SqlRefused(RESOURCE_LIMIT, message);
    }

    @Override
    public String rule() {
        return rule;
    }
}
