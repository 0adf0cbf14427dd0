package io.seamline.projection.warehouse.table;

/** A read asked for a version that does not exist or is no longer retained. */
public final class TableVersionNotFound extends RuntimeException {

    private final String parameter;

    public TableVersionNotFound(String message) {
        this("asOf", message);
    }

    private TableVersionNotFound(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The same refusal, naming the request field that asked for the version (a SQL statement's asOf.<table>). */
    public TableVersionNotFound naming(String parameter) {
        return new TableVersionNotFound(parameter, getMessage());
    }

    /** The request field that asked for the version: {@code asOf} unless {@link #naming(String)} said otherwise. */
    public String parameter() {
        return parameter;
    }
}
