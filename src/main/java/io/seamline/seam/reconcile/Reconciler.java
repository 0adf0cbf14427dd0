package io.seamline.seam.reconcile;

import io.quarkus.arc.All;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReconciledModel;
import io.seamline.seam.monitor.Freshness;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares each read model with the fold of the event store and repairs what differs.
 * <p>
 * In flight is not drift: an aggregate whose last event lies past the model's low watermark (the last event it
 * has surely applied on every partition) is left out of the comparison on both sides; it is compared the next
 * time. What still differs is looked at once more after {@link #CONFIRM_AFTER}, and only what differs both times
 * is drift: a model that folds in two steps (the warehouse lands, then refines) can trail its watermark briefly.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    static final Duration CONFIRM_AFTER = Duration.ofMillis(1500);
    private static final int REPAIR_ATTEMPTS = 3;

    private final Map<String, ReconciledModel> models = new ConcurrentHashMap<>();
    private final Map<String, ReconciliationReport> last = new ConcurrentHashMap<>();
    private final EventStoreFold fold;
    private final EventLog log;
    private final Freshness freshness;

    Reconciler(@All List<ReconciledModel> models, EventStoreFold fold, EventLog log, Freshness freshness) {
        models.forEach(m -> this.models.put(m.name(), m));
        this.fold = fold;
        this.log = log;
        this.freshness = freshness;
    }

    /** The names of the read models it can reconcile. */
    public List<String> models() {
        return models.keySet().stream().sorted().toList();
    }

    public boolean knows(String model) {
        return models.containsKey(model);
    }

    /** The report of the last reconciliation of {@code model} (asked for, scheduled or by the gate), if any. */
    public Optional<ReconciliationReport> last(String model) {
        return Optional.ofNullable(last.get(model));
    }

    /** Reconciles {@code name}; with {@code repair}, repairs what drifted and re-checks until none is left. */
    public synchronized ReconciliationReport reconcile(String name, boolean repair) {
        ReconciledModel model = models.get(name);
        if (model == null) {
            throw new IllegalArgumentException("no read model '" + name + "'; known: " + models());
        }
        long started = System.nanoTime();
        PhaseTimes times = new PhaseTimes();
        Pass pass = confirmed(model, times);
        Long after = null;
        if (repair && !pass.drifts().isEmpty()) {
            Pass again = pass;
            for (int attempt = 1; attempt <= REPAIR_ATTEMPTS && !again.drifts().isEmpty(); attempt++) {
                long t0 = System.nanoTime();
                repair(model, again.drifts());
                times.repair += System.nanoTime() - t0;
                again = confirmed(model, times);
            }
            after = (long) again.drifts().size();
        } else if (repair) {
            after = 0L;
        }
        List<Drift> drifts = pass.drifts();
        ReconciliationReport report = new ReconciliationReport(name, Instant.now(), pass.truthKeys(), pass.modelKeys(),
                pass.inFlight(), KeyComparison.BUCKETS, pass.differingBuckets(), drifts.size(),
                ReconciliationReport.countByKind(drifts), drifts.stream().limit(ReconciliationReport.EXAMPLES).toList(),
                repair, after, (System.nanoTime() - started) / 1_000_000, times.millis());
        if (!drifts.isEmpty()) {
            LOG.warnf("reconciliation of %s: %d key(s) drifted %s%s", name, drifts.size(), report.byKind(),
                    repair ? ", " + after + " left after the repair" : "");
        }
        last.put(name, report);
        return report;
    }

    /** Nanoseconds spent in each phase of one reconciliation, over all its passes. */
    private static final class PhaseTimes {
        long fold;
        long keys;
        long compare;
        long confirmWait;
        long repair;

        ReconciliationReport.Timings millis() {
            return new ReconciliationReport.Timings(fold / 1_000_000, keys / 1_000_000, compare / 1_000_000,
                    confirmWait / 1_000_000, repair / 1_000_000);
        }
    }

    private record Pass(List<Drift> drifts, long truthKeys, long modelKeys, long inFlight, int differingBuckets) {
    }

    /** A comparison, and what of its drift a second look a moment later still finds. */
    private Pass confirmed(ReconciledModel model, PhaseTimes times) {
        Pass first = compare(model, times);
        if (first.drifts().isEmpty()) {
            return first;
        }
        long t0 = System.nanoTime();
        sleep(CONFIRM_AFTER);
        times.confirmWait += System.nanoTime() - t0;
        Pass second = compare(model, times);
        Set<Drift> both = new HashSet<>(first.drifts());
        List<Drift> confirmed = second.drifts().stream().filter(both::contains).toList();
        return new Pass(confirmed, second.truthKeys(), second.modelKeys(), second.inFlight(), second.differingBuckets());
    }

    private Pass compare(ReconciledModel model, PhaseTimes times) {
        long watermark = lowWatermark(model.name());
        long t0 = System.nanoTime();
        List<ModelKey> modelKeys = model.keys();
        long t1 = System.nanoTime();
        Map<String, EventStoreFold.Truth> truth = fold.fold(model.aggregateTypes());
        long t2 = System.nanoTime();
        times.keys += t1 - t0;
        times.fold += t2 - t1;
        KeyComparison.Seen result = KeyComparison.compareSeen(truth.values(), watermark, modelKeys, model.liveOnly());
        times.compare += System.nanoTime() - t2;
        return new Pass(result.compared().drifts(), truth.size(), modelKeys.size(), result.inFlight(),
                result.compared().differingBuckets());
    }

    /** The last global index the model has surely applied: its consumer's low watermark. */
    private long lowWatermark(String consumer) {
        return freshness.current().stream().filter(f -> consumer.equals(f.consumer()))
                .mapToLong(Freshness.ConsumerFreshness::watermark).min().orElse(-1);
    }

    private void repair(ReconciledModel model, List<Drift> drifts) {
        for (Drift d : drifts) {
            LOG.infof("repair %s: %s %s (event store sequence %s, model sequence %s)", model.name(), d.aggregateId(),
                    d.kind(), d.expectedSequence(), d.actualSequence());
        }
        try {
            model.repair(drifts, this::history);
        } catch (Exception e) {
            throw new IllegalStateException("repair of " + model.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** One aggregate's events from the event store, decoded as a consumer receives them (from no partition). */
    private List<ConsumedEvent> history(String aggregateId) {
        return log.history(aggregateId).stream().map(ConsumedEvent::fromStore).toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
