package io.seamline.seam.consume;

import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A consumer whose projection shows batches later than it applies them reports them when they are visible. */
class VisibleLaterTest {

    private static final Instant REFRESHED = Instant.parse("2026-12-06T12:00:00Z");

    private final List<String> reports = new ArrayList<>();
    private final VisibleLater later = new VisibleLater("search", List.of(new ConsumerObserver() {
        @Override
        public void applied(String consumer, List<ConsumedEvent> batch, Instant at) {
            reports.add(consumer + " applied " + batch.stream().map(e -> e.partition() + "@" + e.offset()).toList()
                    + " at " + at);
        }

        @Override
        public void read(String consumer, Map<Integer, Long> nextOffsets) {
            reports.add(consumer + " read " + nextOffsets);
        }
    }));

    @Test
    void appliedAndRead_areHeldUntilTheProjectionSaysItsReadersSeeThem_thenReportedInOrderAtThatMoment() {
        later.applied(List.of(event(0, 10), event(0, 11)));
        later.read(Map.of(0, 12L));
        later.applied(List.of(event(1, 5)));
        later.read(Map.of(1, 6L));
        assertEquals(List.of(), reports, "nothing visible yet");

        later.visible(Map.of(0, 12L), REFRESHED); // partition 1's batch is not in this refresh
        assertEquals(List.of("search applied [0@10, 0@11] at " + REFRESHED, "search read {0=12}"), reports);

        later.visible(Map.of(0, 12L, 1, 6L), REFRESHED.plusMillis(100));
        assertEquals(List.of("search applied [0@10, 0@11] at " + REFRESHED, "search read {0=12}",
                "search applied [1@5] at " + REFRESHED.plusMillis(100), "search read {1=6}"), reports);
    }

    @Test
    void aBatchAlreadyVisibleWhenApplyReturns_isReportedAtOnce() {
        // the batch's own apply found the refresh due: the projection said so before the runner held the batch
        later.visible(Map.of(0, 3L), REFRESHED);
        later.applied(List.of(event(0, 2)));
        later.read(Map.of(0, 3L));
        assertEquals(List.of("search applied [0@2] at " + REFRESHED, "search read {0=3}"), reports);
    }

    @Test
    void aReportThatIsNeverCoveredOnItsOwn_isReleasedWithTheNextVisibleOne() {
        later.read(Map.of(0, 50L)); // refused records the projection could not pass over
        later.applied(List.of(event(1, 7)));
        later.visible(Map.of(0, 40L, 1, 8L), REFRESHED);
        assertEquals(List.of("search read {0=50}", "search applied [1@7] at " + REFRESHED), reports);
    }

    private static ConsumedEvent event(int partition, long offset) {
        ProductDiscontinuedEvent payload = new ProductDiscontinuedEvent("p-" + offset);
        Class<?> type = payload.getClass();
        EventEnvelope envelope = new EventEnvelope("e-" + offset, EventTypes.typeName(type), EventTypes.version(type),
                EventTypes.aggregateType(type), payload.productId(), 1, offset, REFRESHED, null,
                EventJson.mapper().valueToTree(payload));
        return new ConsumedEvent(envelope, payload, partition, offset);
    }
}
