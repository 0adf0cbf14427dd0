package io.seamline.seam.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts, per consumer of the log, the events its sequence guard skipped (redeliveries and events older than what it
 * holds) as {@code seamline.consumer.skipped.events}: at-least-once delivery made effectively-once shows here. A count
 * that climbs steadily means records are delivered again and again (a consumer that keeps failing to commit, a relay
 * that keeps re-sending).
 */
@ApplicationScoped
class SkippedEvents implements ConsumerObserver {

    private final MeterRegistry registry;

    SkippedEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void skipped(String consumer, long events) {
        Counter.builder("seamline.consumer.skipped.events")
                .description("events the consumer's sequence guard skipped: at or below the sequence it holds")
                .tag("consumer", consumer).register(registry).increment(events);
    }
}
