package io.seamline.seam.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.platform.EventJson;
import io.seamline.projection.search.KeywordSearch;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.model.StoredPositions;
import io.seamline.seam.monitor.Freshness;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A well-formed envelope whose payload breaks its event schema is refused by every consumer of the log: each
 * quarantines it once (dead-letter topic and table, with the reason and the offset), its seams turn DEGRADED, and
 * the events after it flow on.
 */
@QuarkusTest
class QuarantineIT {

    private static final List<String> CONSUMERS = List.of("rowstore", "warehouse", "search", "vectors");

    @Inject
    Quarantine quarantine;
    @Inject
    MeterRegistry registry;
    @Inject
    Freshness freshness;
    @Inject
    KeywordSearch keyword;
    @Inject
    VectorReadModel vectors;
    @Inject
    StoredPositions stored;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void poisonEvent_isQuarantinedByEveryConsumer_once_andTheRestFlows() throws Exception {
        String poisonId = UUID.randomUUID().toString();
        ObjectNode payload = EventJson.mapper().createObjectNode().put("productId", poisonId).put("sku", "POISON")
                .put("title", "Poison");
        payload.putObject("price").put("amount", "-1.00").put("currency", "euros");
        EventEnvelope poison = new EventEnvelope(UUID.randomUUID().toString(), "ProductCreated", 2, "Product", poisonId,
                0, 0, Instant.now(), "test", payload);
        RecordMetadata at = publish(poisonId, EventJson.mapper().writeValueAsBytes(poison));
        String after = ApiFixtures.createProduct("8.00");

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(quarantine.recent(null, 1000))
                .filteredOn(q -> poisonId.equals(q.aggregateId()))
                .extracting(Quarantine.QuarantinedEvent::consumer).containsExactlyInAnyOrderElementsOf(CONSUMERS));
        Quarantine.QuarantinedEvent rowstore = quarantine.recent("rowstore", 1000).stream()
                .filter(q -> poisonId.equals(q.aggregateId())).findFirst().orElseThrow();
        assertEquals(at.partition(), rowstore.partition());
        assertEquals(at.offset(), rowstore.offset());
        assertThat(rowstore.reason()).contains("ProductCreated.v2.json");
        assertThat(kafka.readAll(Quarantine.deadLetterTopic(topic)))
                .filteredOn(r -> poisonId.equals(r.key())).hasSizeGreaterThanOrEqualTo(CONSUMERS.size());
        await().atMost(EVENTUALLY).until(() -> keyword.contains(after) && vectors.contains(after));
        assertThat(freshness.current()).filteredOn(f -> CONSUMERS.contains(f.consumer()))
                .allSatisfy(f -> assertThat(f.quarantined()).isPositive())
                .allSatisfy(f -> assertThat(f.health()).isNotEqualTo(Freshness.Health.UP));
        api().get("/api/quarantine?consumer=search&limit=1000").then().statusCode(200)
                .body("aggregateId", hasItem(poisonId));
        assertThat(api().get("/q/metrics").asString()).contains("seamline_quarantined_events_total");
    }

    @Test
    void aRefusedRecord_movesThePositionAModelStoresWithItsData_pastIt() throws Exception {
        String poisonId = UUID.randomUUID().toString();
        RecordMetadata at = publish(poisonId, "not an envelope".getBytes(StandardCharsets.UTF_8));

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(quarantine.recent(null, 1000))
                .filteredOn(q -> q.partition() == at.partition() && q.offset() == at.offset())
                .extracting(Quarantine.QuarantinedEvent::consumer).contains("search", "vectors"));
        // else a restart reads it again, and until then freshness counts it as a record not yet applied
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(stored.nextOffsets("search").get(at.partition())).as("keyword").isGreaterThan(at.offset());
            assertThat(vectors.storedOffsets().get(at.partition())).as("vectors").isGreaterThan(at.offset());
        });
    }

    @Test
    void redeliveredRefusal_isOneRow_countedOnce() {
        String consumer = "redelivery-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 42, "k",
                "not an envelope".getBytes(StandardCharsets.UTF_8));

        quarantine.refused(consumer, record, "not an event envelope");
        quarantine.refused(consumer, record, "not an event envelope"); // the batch came again after a failure

        assertThat(quarantine.recent(consumer, 10)).singleElement()
                .satisfies(q -> assertEquals(42, q.offset()));
        assertEquals(1L, quarantine.countsByConsumer().get(consumer));
        assertEquals(1.0, registry.counter("seamline.quarantined.events", "consumer", consumer).count());
    }

    @Test
    void aRefusalCarryingANul_isStoredWithTheNulEscaped() {
        // PostgreSQL's text cannot hold NUL: the record that broke a store, and the store's error quoting it, carry one
        String consumer = "nul-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 7, "k\0ey",
                "{\"aggregateId\":\"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8));

        quarantine.refused(consumer, record, "insert of 'cust\0omer' failed");

        assertThat(quarantine.recent(consumer, 10)).singleElement().satisfies(q -> {
            assertEquals("a\\u0000b", q.aggregateId());
            assertEquals("insert of 'cust\\u0000omer' failed", q.reason());
        });
    }

    @Test
    void limitOutOfRange_isRefusedNamingTheParameter() {
        ApiFixtures.assertRefused(400, "out-of-range", "limit", () -> api().get("/api/quarantine?limit=0"));
    }

    private RecordMetadata publish(String key, byte[] value) throws Exception {
        return kafka.send(new ProducerRecord<>(topic, key, value));
    }
}
