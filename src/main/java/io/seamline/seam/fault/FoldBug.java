package io.seamline.seam.fault;

import java.util.Arrays;
import java.util.Optional;

/**
 * A bug a read model's fold can be told to have, so a demo or a test can show what the lineage walk finds when a
 * layer is caught up yet computes the wrong number. Armed only through {@link InjectedFaults}, hence never without
 * fault injection enabled and the operator role.
 */
public enum FoldBug {

    /** The warehouse's gold fold ignores order cancellations: facts keep the old status, net revenue still counts them. */
    GOLD_DROPS_CANCELLATIONS("gold-drops-cancellations");

    private final String wireName;

    FoldBug(String wireName) {
        this.wireName = wireName;
    }

    /** The name an operator arms it by, {@code POST /api/admin/faults/fold-bugs/{name}}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<FoldBug> byWireName(String name) {
        return Arrays.stream(values()).filter(b -> b.wireName.equals(name)).findFirst();
    }
}
