package io.seamline.seam.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Exports each consumer's lag (events and seconds) and whether it is stalled, and each seam's status against its
 * SLA, to Prometheus. A scrape reads a snapshot at most one
 * second old, so frequent scrapes do not turn into database load.
 */
@ApplicationScoped
class FreshnessMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Freshness freshness;
    private final MeterRegistry registry;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(List.of(), 0));

    FreshnessMetrics(Freshness freshness, MeterRegistry registry) {
        this.freshness = freshness;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (String consumer : freshness.consumers()) {
            gauge("seamline.consumer.lag.events", consumer, Freshness.ConsumerFreshness::lagEvents);
            gauge("seamline.consumer.lag.seconds", consumer, Freshness.ConsumerFreshness::lagSeconds);
            gauge("seamline.consumer.sequence.gaps", consumer, Freshness.ConsumerFreshness::sequenceGaps);
            gauge("seamline.consumer.stalled", consumer, f -> f.stalled() ? 1 : 0);
        }
        // per seam, as each seam's contract has its own thresholds: 0 OK, 1 WARN, 2 ERROR, 3 UNDECLARED (alert on >= 2)
        for (String seam : freshness.seams()) {
            Gauge.builder("seamline.seam.freshness.status", () -> current().stream().filter(f -> f.seam().equals(seam))
                            .mapToDouble(f -> f.status().ordinal()).findFirst().orElse(Double.NaN))
                    .tag("seam", seam).register(registry);
        }
    }

    private void gauge(String name, String consumer, ToDoubleFunction<Freshness.ConsumerFreshness> value) {
        Gauge.builder(name, () -> current().stream().filter(f -> f.consumer().equals(consumer))
                        .mapToDouble(value).findFirst().orElse(Double.NaN))
                .tag("consumer", consumer).register(registry);
    }

    private List<Freshness.ConsumerFreshness> current() {
        Snapshot s = snapshot.get();
        if (System.nanoTime() - s.takenAt() > MAX_AGE.toNanos()) {
            s = new Snapshot(freshness.current(), System.nanoTime());
            snapshot.set(s);
        }
        return s.values();
    }

    private record Snapshot(List<Freshness.ConsumerFreshness> values, long takenAt) {
    }
}
