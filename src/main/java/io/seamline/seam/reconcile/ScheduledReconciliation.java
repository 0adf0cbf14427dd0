package io.seamline.seam.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles every read model every {@code seamline.reconcile.interval} (detect only, unless
 * {@code seamline.reconcile.auto-repair}), so drift is found without anyone asking: the drift per model is the
 * Prometheus gauge {@code seamline_reconcile_drift_keys{model}}, and a WARN line names what drifted.
 */
@ApplicationScoped
public class ScheduledReconciliation {

    private static final Logger LOG = Logger.getLogger(ScheduledReconciliation.class);

    @ConfigProperty(name = "seamline.reconcile.interval", defaultValue = "60s")
    Duration interval;
    @ConfigProperty(name = "seamline.reconcile.auto-repair", defaultValue = "false")
    boolean autoRepair;

    private final Reconciler reconciler;
    private final MeterRegistry registry;
    private final Map<String, Double> drift = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    ScheduledReconciliation(Reconciler reconciler, MeterRegistry registry) {
        this.reconciler = reconciler;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        for (String model : reconciler.models()) {
            drift.put(model, Double.NaN); // not reconciled yet
            Gauge.builder("seamline.reconcile.drift.keys", drift, d -> d.get(model)).tag("model", model)
                    .description("Keys on which the read model differs from the event store, at the last reconciliation")
                    .register(registry);
        }
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reconcile").factory());
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        for (String model : reconciler.models()) {
            try {
                drift.put(model, (double) reconciler.reconcile(model, autoRepair).drift());
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
