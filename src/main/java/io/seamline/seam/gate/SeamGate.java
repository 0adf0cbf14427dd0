package io.seamline.seam.gate;

import io.seamline.seam.contract.SeamContract;
import io.seamline.seam.contract.SeamContracts;
import io.seamline.seam.monitor.Freshness;
import io.seamline.seam.reconcile.Reconciler;
import io.seamline.seam.reconcile.ReconciliationReport;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CI gate over every seam: each must declare a freshness SLA (or be synchronous), be within it, and hold no
 * drift that a reconciliation finds and nobody repaired. Staleness or drift that a contract does not allow fails it.
 */
@ApplicationScoped
public class SeamGate {

    /** Why the gate failed, for one seam. */
    public record Finding(String seam, Problem problem, String detail) {
    }

    public enum Problem {
        /** The contract declares no freshness SLA: its staleness would go unnoticed. */
        NO_SLA,
        /** Past the SLA's error threshold. */
        STALE,
        /** The read model differs from the event store's fold. */
        DRIFT
    }

    /** The gate's answer: passed when there are no findings; the table as markdown for a CI log. */
    public record Verdict(boolean passed, List<Finding> findings, String markdown) {
    }

    private final SeamContracts contracts;
    private final Freshness freshness;
    private final Reconciler reconciler;

    SeamGate(SeamContracts contracts, Freshness freshness, Reconciler reconciler) {
        this.contracts = contracts;
        this.freshness = freshness;
        this.reconciler = reconciler;
    }

    /** Checks freshness now and reconciles every read model (detect only: a gate repairs nothing). */
    public Verdict evaluate() {
        Map<String, Long> drift = new LinkedHashMap<>();
        Map<String, Long> compared = new LinkedHashMap<>();
        for (String model : reconciler.models()) {
            ReconciliationReport report = reconciler.reconcile(model, false);
            drift.put(model, report.drift());
            compared.put(model, report.truthKeys() - report.inFlight());
        }
        return judge(contracts.all(), freshness.current(), drift, compared);
    }

    /**
     * The verdict on these contracts, freshness readings, and drift per read model ({@code compared}: how many of the
     * event store's keys the reconciliation compared, those in flight left out).
     */
    static Verdict judge(List<SeamContract> seams, List<Freshness.ConsumerFreshness> readings, Map<String, Long> drift,
                         Map<String, Long> compared) {
        List<Finding> findings = new ArrayList<>();
        StringBuilder md = new StringBuilder("| seam | SLA (warn / error) | freshness | lag | drift / keys compared "
                + "| verdict |\n|---|---|---|---|---:|---|\n");
        for (SeamContract seam : seams) {
            Optional<Freshness.ConsumerFreshness> reading = readings.stream()
                    .filter(r -> r.consumer().equals(seam.consumer())).findFirst();
            Long drifted = seam.consumer() == null ? null : drift.get(seam.consumer());
            List<Finding> mine = new ArrayList<>();
            if (seam.freshness().isEmpty() && !seam.synchronous()) {
                mine.add(new Finding(seam.seam(), Problem.NO_SLA, seam.file() + " declares no freshness SLA"));
            }
            reading.filter(r -> r.status() == Freshness.Status.ERROR).ifPresent(r -> mine.add(new Finding(seam.seam(),
                    Problem.STALE, String.format("lags %.1f s (%d events), past error_after %s", r.lagSeconds(),
                            r.lagEvents(), r.errorAfter()))));
            if (drifted != null && drifted > 0) {
                mine.add(new Finding(seam.seam(), Problem.DRIFT, drifted + " key(s) differ from the event store's fold"));
            }
            findings.addAll(mine);
            md.append("| ").append(seam.seam())
                    .append(" | ").append(seam.synchronous() ? "synchronous" : seam.freshness()
                            .map(s -> s.warnAfter() + " / " + s.errorAfter()).orElse("**none**"))
                    .append(" | ").append(reading.map(r -> r.status().name()).orElse("–"))
                    .append(" | ").append(reading.map(r -> String.format("%d events, %.1f s", r.lagEvents(), r.lagSeconds()))
                            .orElse("–"))
                    .append(" | ").append(drifted == null ? "–" : drifted + " / " + compared.get(seam.consumer()))
                    .append(" | ").append(mine.isEmpty() ? "pass" : "**fail**: " + String.join("; ",
                            mine.stream().map(f -> f.problem() + " " + f.detail()).toList()))
                    .append(" |\n");
        }
        return new Verdict(findings.isEmpty(), List.copyOf(findings), md.toString());
    }
}
