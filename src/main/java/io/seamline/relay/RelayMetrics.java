package io.seamline.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seamline.seam.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** What the relay has published: a counter of acked events and the global index of the last one. */
@ApplicationScoped
class RelayMetrics {
    private final Counter relayed;
    private final AtomicLong lastGlobalIndex = new AtomicLong(-1);

    RelayMetrics(MeterRegistry registry) {
        relayed = Counter.builder("seamline.relay.events").description("events acked by Kafka").register(registry);
        registry.gauge("seamline.relay.last.global.index", lastGlobalIndex);
    }

    void relayed(int count, EventEnvelope last) {
        relayed.increment(count);
        lastGlobalIndex.accumulateAndGet(last.globalIndex(), Math::max);
    }
}
