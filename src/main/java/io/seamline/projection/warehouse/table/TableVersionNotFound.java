package io.seamline.projection.warehouse.table;

/** A read asked for a version that does not exist or is no longer retained. */
public final class TableVersionNotFound extends RuntimeException {

    public TableVersionNotFound(String message) {
        super(message);
    }
}
