package io.seamline.seam.reconcile;

import io.seamline.seam.model.Drift;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one reconciliation of a read model found and did: keys on each side, how many buckets differed, the drift by
 * kind (up to {@link #EXAMPLES} listed), what was repaired, the drift a re-check found after it, and where the time
 * went.
 */
public record ReconciliationReport(String model, Instant at, long truthKeys, long modelKeys, long inFlight,
                                   int buckets, int differingBuckets, long drift, Map<Drift.Kind, Long> byKind,
                                   List<Drift> examples, boolean repaired, Long driftAfterRepair, long millis,
                                   Timings timings) {

    public static final int EXAMPLES = 50;

    /**
     * Milliseconds per phase, summed over every pass (a suspected drift is looked at twice, a repair re-checks):
     * folding the event store, listing the model's keys, digests and diff, the pause before a second look, repairs.
     */
    public record Timings(long fold, long modelKeys, long compare, long confirmWait, long repair) {
    }

    /** The keys the model still differs on when the run ended: the re-check's after a repair, else the drift found. */
    public long driftLeft() {
        return repaired ? driftAfterRepair : drift;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Reconciliation of ").append(model).append(", ").append(at).append("\n\n")
                .append("| keys (event store) | keys (model) | in flight | buckets differing | drift | repaired | "
                        + "drift after | ms |\n|---:|---:|---:|---:|---:|---|---:|---:|\n")
                .append("| ").append(truthKeys).append(" | ").append(modelKeys).append(" | ").append(inFlight)
                .append(" | ").append(differingBuckets).append(" of ").append(buckets).append(" | ").append(drift)
                .append(" | ").append(repaired ? "yes" : "no").append(" | ")
                .append(driftAfterRepair == null ? "–" : driftAfterRepair).append(" | ").append(millis).append(" |\n")
                .append("\nTime (ms): fold of the event store ").append(timings.fold()).append(", model's keys ")
                .append(timings.modelKeys()).append(", digests and diff ").append(timings.compare())
                .append(", pause before the second look ").append(timings.confirmWait()).append(", repair ")
                .append(timings.repair()).append(".\n");
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
