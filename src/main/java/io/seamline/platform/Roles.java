package io.seamline.platform;

import java.util.List;

/**
 * The four roles a caller can hold, as they appear in a token's {@code groups} claim. Each endpoint declares which
 * of them may call it (README, Security); a caller who needs two holds both.
 */
public final class Roles {
    /** Queries, search, warehouse reads, the dashboard, lineage, trace and freshness. */
    public static final String READER = "reader";
    /** Commands: everything that appends to the log. */
    public static final String WRITER = "writer";
    /** The SQL endpoint and the raw log with customer ids. */
    public static final String ANALYST = "analyst";
    /** Replay, reconciliation, fault injection, the gate, the quarantine and the audit trail. */
    public static final String OPERATOR = "operator";

    public static final List<String> ALL = List.of(READER, WRITER, ANALYST, OPERATOR);

    private Roles() {
    }
}
