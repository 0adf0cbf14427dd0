package io.seamline.projection.warehouse.lineage;

import io.seamline.projection.warehouse.lineage.RevenueWalk.Reason;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Totals;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Verdict;

import java.util.List;

/**
 * Decides which layer is wrong: walking from the event store forward, the first layer whose number differs from the
 * event store's fold. Why: behind its upstream and not committed for longer than its warn threshold (stalled), or
 * for less (lagging, within its SLA); else the events it never received or holds extra; else a fold that computes a
 * different number from what it received (the events its watermark covers but its rows do not reflect).
 */
final class Verdicts {

    private Verdicts() {
    }

    /** {@code layers} in the order data flows, the event store's fold excluded (it is {@code truth}). */
    static Verdict decide(Totals truth, List<String> truthEvents, List<LayerState> layers) {
        for (LayerState layer : layers) {
            if (layer.totals().equals(truth)) {
                continue;
            }
            List<String> missing = truthEvents.stream().filter(id -> !layer.reflected().contains(id)).toList();
            List<String> unreceived = missing.stream().filter(id -> !layer.received().contains(id)).toList();
            List<String> unreflected = missing.stream().filter(layer.received()::contains).toList();
            List<String> extra = layer.extra();
            if (layer.behindUpstream()) {
                boolean stalled = layer.sinceLastCommit().compareTo(layer.warnAfter()) >= 0;
                String detail = layer.layer() + " is at " + layer.watermark() + ", behind " + layer.upstream()
                        + ", and has not committed for " + seconds(layer.sinceLastCommit())
                        + (stalled ? ", longer than" : ", within") + " its warn threshold of "
                        + seconds(layer.warnAfter());
                return new Verdict(layer.layer(), stalled ? Reason.STALLED : Reason.LAGGING, detail, unreceived,
                        extra, unreflected);
            }
            if (!unreceived.isEmpty()) {
                return new Verdict(layer.layer(), Reason.MISSING_EVENTS, layer.layer() + " is caught up with "
                        + layer.upstream() + " but never received " + unreceived.size()
                        + " event(s) of the cell's orders", unreceived, extra, unreflected);
            }
            if (!extra.isEmpty()) {
                return new Verdict(layer.layer(), Reason.EXTRA_EVENTS, layer.layer() + " holds " + extra.size()
                        + " order(s) or event(s) the event store does not have", unreceived, extra, unreflected);
            }
            return new Verdict(layer.layer(), Reason.DIFFERENT_VALUES, layer.layer() + " received every event of the"
                    + " cell's orders but computes " + layer.totals() + " instead of " + truth
                    + (unreflected.isEmpty() ? "" : "; its rows do not reflect " + unreflected.size()
                    + " event(s) its watermark covers"), unreceived, extra, unreflected);
        }
        return new Verdict(null, Reason.AGREE, "every layer agrees with the event store's fold", List.of(),
                List.of(), List.of());
    }

    private static String seconds(java.time.Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
