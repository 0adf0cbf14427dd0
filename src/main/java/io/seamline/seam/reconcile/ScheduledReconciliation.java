package io.seamline.seam.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles every read model every {@code seamline.reconcile.interval} (detect only, unless
 * {@code seamline.reconcile.auto-repair}), so drift is found without anyone asking. Whatever ran last (this
 * schedule, an admin call, the gate) is exported: the drift left per model as the Prometheus gauge
 * {@code seamline_reconcile_drift_keys{model}} and its time as {@code seamline_reconcile_last_run_timestamp_seconds};
 * the reconciler logs a WARN line naming what drifted.
 */
@ApplicationScoped
class ScheduledReconciliation {

    private static final Logger LOG = Logger.getLogger(ScheduledReconciliation.class);

    private final Reconciler reconciler;
    private final MeterRegistry registry;
    private final ReconcileConfig config;
    private ScheduledExecutorService timer;

    ScheduledReconciliation(Reconciler reconciler, MeterRegistry registry, ReconcileConfig config) {
        this.reconciler = reconciler;
        this.registry = registry;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        for (String model : reconciler.models()) {
            // NaN until a first reconciliation: "not known" must not read as "no drift"
            Gauge.builder("seamline.reconcile.drift.keys", reconciler,
                            r -> r.last(model).map(report -> (double) report.driftLeft()).orElse(Double.NaN))
                    .tag("model", model)
                    .description("Keys on which the read model differs from the event store after the last run")
                    .register(registry);
            Gauge.builder("seamline.reconcile.last.run.timestamp", reconciler,
                            r -> r.last(model).map(report -> report.at().toEpochMilli() / 1000.0).orElse(Double.NaN))
                    .tag("model", model).baseUnit("seconds")
                    .description("When the read model was last reconciled (Unix time)")
                    .register(registry);
        }
        Duration every = every(config.interval());
        if (every.isZero()) {
            LOG.info("scheduled reconciliation is off (seamline.reconcile.interval)");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reconcile").factory());
        timer.scheduleWithFixedDelay(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The interval, zero when off ({@code 0}, {@code off} or a negative duration). */
    static Duration every(String interval) {
        if (interval.isBlank() || interval.strip().equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        Duration d = DurationConverter.parseDuration(interval.strip());
        return d.isNegative() ? Duration.ZERO : d;
    }

    void runOnce() {
        for (String model : reconciler.models()) {
            try {
                reconciler.reconcile(model, config.autoRepair());
            } catch (RuntimeException e) {
                LOG.warnf("scheduled reconciliation of %s failed: %s", model, e.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
