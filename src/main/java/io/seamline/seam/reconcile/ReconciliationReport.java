package io.seamline.seam.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one reconciliation of a read model found and did: keys on each side, how many buckets differed, the drift by
 * kind (up to {@link #EXAMPLES} listed), what was repaired and the drift a re-check found after it.
 */
public record ReconciliationReport(String model, Instant at, long truthKeys, long modelKeys, long inFlight,
                                   int buckets, int differingBuckets, long drift, Map<Drift.Kind, Long> byKind,
                                   List<Drift> examples, boolean repaired, Long driftAfterRepair, long millis) {

    public static final int EXAMPLES = 50;

    /** True when the model equals the fold (after the repair, when one was asked for). */
    public boolean clean() {
        return repaired ? driftAfterRepair != null && driftAfterRepair == 0 : drift == 0;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Reconciliation of ").append(model).append(", ").append(at).append("\n\n")
                .append("| keys (event store) | keys (model) | in flight | buckets differing | drift | repaired | "
                        + "drift after | ms |\n|---:|---:|---:|---:|---:|---|---:|---:|\n")
                .append("| ").append(truthKeys).append(" | ").append(modelKeys).append(" | ").append(inFlight)
                .append(" | ").append(differingBuckets).append(" of ").append(buckets).append(" | ").append(drift)
                .append(" | ").append(repaired ? "yes" : "no").append(" | ")
                .append(driftAfterRepair == null ? "–" : driftAfterRepair).append(" | ").append(millis).append(" |\n");
        if (!examples.isEmpty()) {
            md.append("\n| aggregate | kind | event store sequence | model sequence |\n|---|---|---:|---:|\n");
            for (Drift d : examples) {
                md.append("| ").append(d.aggregateId()).append(" | ").append(d.kind()).append(" | ")
                        .append(d.expectedSequence() == null ? "–" : d.expectedSequence()).append(" | ")
                        .append(d.actualSequence() == null ? "–" : d.actualSequence()).append(" |\n");
            }
        }
        return md.toString();
    }

    static Map<Drift.Kind, Long> countByKind(List<Drift> drifts) {
        return drifts.stream().collect(Collectors.groupingBy(Drift::kind, () -> new java.util.EnumMap<>(Drift.Kind.class),
                Collectors.counting()));
    }
}
