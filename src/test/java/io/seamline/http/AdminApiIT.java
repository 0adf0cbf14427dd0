package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.projection.rowstore.RowStoreProjection;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.log.Watermarks;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.eventsAfter;
import static io.seamline.http.ApiFixtures.logHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * POST /api/admin/replay/relay: the log is sent to Kafka again from a position, byte for byte the same
 * envelopes, and the row store skips every duplicate (idempotent on aggregate id and sequence).
 */
@QuarkusTest
class AdminApiIT {

    @Inject
    EventLog log;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void replayRelay_resendsTheSameEnvelopes_andTheRowStoreSkipsThem() {
        long after = logHead();
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            products.add(createProduct("4.25"));
        }
        Set<String> eventIds = eventsAfter(after).stream().map(e -> (String) e.get("eventId"))
                .collect(Collectors.toSet());
        assertThat(eventIds).hasSize(products.size());
        await().atMost(EVENTUALLY).until(() -> rowStore().lastGlobalIndex() >= log.head());
        Watermarks.Watermark before = rowStore();

        command().queryParam("after", after).post("/api/admin/replay/relay")
                .then().statusCode(202).body("after", equalTo((int) after));

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, List<ConsumerRecord<String, byte[]>>> sent = recordsOf(eventIds);
            assertThat(sent.keySet()).isEqualTo(eventIds);
            sent.values().forEach(records -> {
                assertThat(records).as("sent once, then once by the replay").hasSize(2);
                assertThat(Arrays.equals(records.get(0).value(), records.get(1).value()))
                        .as("the replay sends the same envelope").isTrue();
            });
        });
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Watermarks.Watermark now = rowStore();
            assertThat(now.skippedEvents() - before.skippedEvents()).as("duplicates skipped")
                    .isGreaterThanOrEqualTo(eventIds.size());
            assertThat(now.appliedEvents()).as("nothing applied twice").isEqualTo(before.appliedEvents());
        });
    }

    @Test
    void replayRelay_beforeTheStartOfTheLog_isRefused() {
        assertRefused(400, "out-of-range", "after",
                () -> command().queryParam("after", -2).post("/api/admin/replay/relay"));
    }

    @Test
    void replayRelay_pastTheHead_isRefused() {
        assertRefused(400, "out-of-range", "after",
                () -> command().queryParam("after", logHead() + 1).post("/api/admin/replay/relay"));
    }

    @Test
    void replayRelay_withANonNumber_isRefused() {
        assertRefused(400, "out-of-range", "after",
                () -> command().queryParam("after", "yesterday").post("/api/admin/replay/relay"));
    }

    private Map<String, List<ConsumerRecord<String, byte[]>>> recordsOf(Set<String> eventIds) {
        return kafka.readAll(topic).stream()
                .filter(r -> eventIds.contains(KafkaFixtures.header(r, EventEnvelope.HEADER_EVENT_ID)))
                .collect(Collectors.groupingBy(r -> KafkaFixtures.header(r, EventEnvelope.HEADER_EVENT_ID)));
    }

    private Watermarks.Watermark rowStore() {
        return log.watermark(RowStoreProjection.CONSUMER).orElseThrow();
    }
}
