package io.seamline.seam.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seamline.seam.consume.ConsumerObserver;
import io.seamline.seam.event.ConsumedEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long events take from the broker to being visible in a read model, per consumer: a Prometheus histogram
 * ({@code seamline_visibility_lag_seconds_bucket{consumer=..}}), so a freshness SLA such as "p99 under 200 ms after
 * the event reaches Kafka" is measured on the running service, over any window two scrapes bound.
 */
@ApplicationScoped
class VisibilityLag implements ConsumerObserver {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    VisibilityLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records, for each event of the batch read from Kafka, the time from its broker timestamp to {@code visibleAt}. */
    @Override
    public void applied(String consumer, List<ConsumedEvent> batch, Instant visibleAt) {
        Timer timer = timers.computeIfAbsent(consumer, c -> Timer.builder("seamline.visibility.lag")
                .description("Time from an event's Kafka timestamp to its being visible in the read model")
                .tag("consumer", c)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
        for (ConsumedEvent consumed : batch) {
            if (consumed.publishedAt() != null) {
                // broker and service clocks can differ by a little: a negative lag is read as none
                timer.record(Duration.between(consumed.publishedAt(), visibleAt).isNegative() ? Duration.ZERO
                        : Duration.between(consumed.publishedAt(), visibleAt));
            }
        }
    }
}
