package io.seamline.relay;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.domain.Money;
import io.seamline.platform.AxonRuntime;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.projection.rowstore.RowStoreProjection;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.log.Watermarks;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relay crashes after Kafka acked a batch but before its token committed, then restarts. The promise:
 * every event reaches Kafka at least once, a crash re-sends exactly the one batch in flight (so at most
 * {@code seamline.relay.batch-size} duplicates), and the row store applies each event exactly once.
 */
@QuarkusTest
class RelayCrashIT {

    @Inject
    RelayCrashPoint crashPoint;
    @Inject
    AxonRuntime axon;
    @Inject
    CommandGateway commands;
    @Inject
    EventLog log;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;
    @ConfigProperty(name = "seamline.relay.batch-size")
    int batchSize;

    @AfterEach
    void disarm() {
        crashPoint.clear();
    }

    @Test
    void crashBetweenAckAndTokenCommit_resendsOneBatch_rowStoreAppliesOnce() {
        awaitQuiet();
        Watermarks.Watermark before = rowStoreWatermark();
        AtomicInteger crashedBatch = new AtomicInteger();
        crashPoint.arm(size -> {
            crashPoint.clear(); // one crash
            crashedBatch.set(size);
            throw new IllegalStateException("simulated crash after the acks, before the token commit");
        });

        List<String> productIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = UUID.randomUUID().toString();
            commands.sendAndWait(new CreateProductCommand(id, "CRASH-" + id, "Crash test " + i, null, null,
                    Money.of("3.50", "EUR"), Map.of()));
            productIds.add(id);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> crashedBatch.get() > 0);
        restartRelay();

        Set<String> eventIds = productIds.stream().flatMap(id -> log.history(id).stream())
                .map(EventEnvelope::eventId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Long> deliveries = deliveriesOf(eventIds);
            assertEquals(eventIds, deliveries.keySet(), "every event id reaches Kafka at least once");
        });
        Map<String, Long> deliveries = deliveriesOf(eventIds);
        long duplicates = deliveries.values().stream().mapToLong(n -> n - 1).sum();
        assertEquals(crashedBatch.get(), duplicates, "exactly the crashed batch is sent again");
        assertThat(duplicates).isPositive().isLessThanOrEqualTo(batchSize);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Watermarks.Watermark after = rowStoreWatermark();
            assertEquals(eventIds.size(), after.appliedEvents() - before.appliedEvents(), "applied once each");
            assertEquals(duplicates, after.skippedEvents() - before.skippedEvents(), "every duplicate skipped");
        });
    }

    private void restartRelay() {
        TrackingEventProcessor relay = axon.configuration().eventProcessingConfiguration()
                .eventProcessor(RelayModule.PROCESSOR, TrackingEventProcessor.class).orElseThrow();
        relay.shutDown();
        relay.start();
    }

    private Map<String, Long> deliveriesOf(Set<String> eventIds) {
        return kafka.readAll(topic).stream()
                .map(r -> KafkaFixtures.header(r, EventEnvelope.HEADER_EVENT_ID))
                .filter(eventIds::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Other tests share the app: start from a caught-up row store so the counters move only for us. */
    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rowStoreWatermark().lastGlobalIndex() >= log.head());
    }

    private Watermarks.Watermark rowStoreWatermark() {
        return log.watermark(RowStoreProjection.CONSUMER).orElse(new Watermarks.Watermark(RowStoreProjection.CONSUMER, -1, null, null, 0, 0));
    }

}
