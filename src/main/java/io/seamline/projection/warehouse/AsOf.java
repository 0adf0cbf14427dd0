package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;

import java.time.Instant;

/** Which version of a table a read sees: the current one, a version by number, or the one current at an instant. */
public sealed interface AsOf {

    AsOf CURRENT = new Current();

    /** The table's current version. */
    record Current() implements AsOf {
    }

    /** A retained version, by its number. */
    record Version(long number) implements AsOf {
    }

    /** The version that was current at {@code time}. */
    record At(Instant time) implements AsOf {
    }

    /**
     * The version of {@code table} this names; throws
     * {@link io.seamline.projection.warehouse.table.TableVersionNotFound} for one the table does not retain.
     */
    default TableManifest resolve(ArrowTable table) {
        return switch (this) {
            case Current current -> table.current();
            case Version version -> table.version(version.number());
            case At at -> table.asOf(at.time());
        };
    }
}
