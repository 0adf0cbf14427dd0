package io.seamline.projection.warehouse;

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
}
