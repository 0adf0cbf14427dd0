package io.seamline.seam.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when the readiness check has something to log: only when it changes, that is when a seam starts or stops
 * holding readiness down (its freshness ERROR, or no SLA declared), naming the seams that changed. A probe reading
 * the same state every second logs nothing. The state before the first reading is ready.
 */
final class ReadinessChanges {

    /** A line to log: {@code down} whether readiness is down after the change. */
    record Change(boolean down, String message) {
    }

    /** The seams holding readiness down at the last reading, with their status. */
    private Map<String, Freshness.Status> down = Map.of();

    /** What changed since the last reading, as one line; empty when nothing that decides readiness changed. */
    synchronized Optional<Change> next(List<Freshness.ConsumerFreshness> reading) {
        Map<String, Freshness.Status> now = new LinkedHashMap<>();
        Map<String, Freshness.ConsumerFreshness> bySeam = new LinkedHashMap<>();
        for (Freshness.ConsumerFreshness f : reading) {
            bySeam.put(f.seam(), f);
            if (holdsDown(f.status())) {
                now.put(f.seam(), f.status());
            }
        }
        if (now.equals(down)) {
            return Optional.empty();
        }
        List<String> worse = new ArrayList<>();
        now.forEach((seam, status) -> {
            if (!Objects.equals(down.get(seam), status)) {
                worse.add(describe(bySeam.get(seam)));
            }
        });
        List<String> recovered = down.keySet().stream().filter(seam -> !now.containsKey(seam)).toList();
        down = Map.copyOf(now);
        StringBuilder line = new StringBuilder(now.isEmpty() ? "readiness UP" : "readiness DOWN");
        if (!worse.isEmpty()) {
            line.append(": ").append(String.join("; ", worse));
        }
        if (!recovered.isEmpty()) {
            line.append(worse.isEmpty() ? ": " : "; ").append(String.join(", ", recovered))
                    .append(recovered.size() == 1 ? " is" : " are").append(" back within the freshness SLA");
        }
        if (!now.isEmpty() && worse.isEmpty()) {
            line.append(" (still: ").append(String.join(", ", now.keySet())).append(')');
        }
        return Optional.of(new Change(!now.isEmpty(), line.toString()));
    }

    private static boolean holdsDown(Freshness.Status status) {
        return status == Freshness.Status.ERROR || status == Freshness.Status.UNDECLARED;
    }

    private static String describe(Freshness.ConsumerFreshness f) {
        if (f.status() == Freshness.Status.UNDECLARED) {
            return f.seam() + " declares no freshness SLA";
        }
        return String.format("%s %s, %d events and %.1f s behind (error after %s)", f.seam(), f.status(),
                f.lagEvents(), f.lagSeconds(), f.errorAfter());
    }
}
