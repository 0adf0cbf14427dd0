package io.seamline.seam.trace;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seamline.seam.event.EventEnvelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropagationTraceTest {

    /** Two read models of one hop each, as the trace's CDI constructor derives them from the discovered models. */
    private static final List<Map.Entry<String, List<String>>> HOPS = List.of(Map.entry("rowstore", List.of("rowstore")),
            Map.entry("search", List.of("search")));

    private static EventEnvelope event(String id, Instant appended) {
        return new EventEnvelope(id, "ProductCreated", 2, "Product", "p-" + id, 0, 1, appended, null, null);
    }

    @Test
    void aRecordAppliedBeforeTheRelaySawItsAck_stillGetsItsPartitionAndOffset() {
        PropagationTrace trace = new PropagationTrace(10, new SimpleMeterRegistry(), HOPS);
        Instant appended = Instant.parse("2026-11-24T10:00:00Z");

        trace.reached("rowstore", List.of(event("a", appended)), appended.plusMillis(30));
        trace.relayed(event("a", appended), 4, 17, appended.plusMillis(20));

        PropagationTrace.Hops a = trace.of("a").orElseThrow();
        assertEquals(4, a.partition());
        assertEquals(17, a.offset());
        assertEquals(appended.plusMillis(30), a.reached("rowstore").orElseThrow());
        assertEquals(appended.plusMillis(20), a.reached("kafka").orElseThrow());
    }

    @Test
    void keepsTheNewestEvents_upToItsCapacity_andMeasuresEachHop() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PropagationTrace trace = new PropagationTrace(2, registry, HOPS);
        Instant appended = Instant.parse("2026-11-24T10:00:00Z");

        trace.relayed(event("a", appended), 3, 41, appended.plusMillis(20));
        trace.reached("search", List.of(event("a", appended)), appended.plusMillis(120));
        trace.relayed(event("b", appended), 1, 7, appended.plusMillis(30));
        trace.relayed(event("c", appended), 2, 9, appended.plusMillis(40));

        assertTrue(trace.of("a").isEmpty(), "the oldest is evicted");
        PropagationTrace.Hops c = trace.of("c").orElseThrow();
        assertEquals(2, c.partition());
        assertEquals(9, c.offset());
        assertEquals(appended.plusMillis(40), c.reached("kafka").orElseThrow());
        assertThat(c.reached("search")).isEmpty();
        assertEquals(120, registry.get("seamline.propagation.lag").tag("hop", "search").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 0.001);
    }
}
