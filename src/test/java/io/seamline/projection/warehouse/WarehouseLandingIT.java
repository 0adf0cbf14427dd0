package io.seamline.projection.warehouse;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.projection.warehouse.bronze.LandingStage;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bronze lands every record of the topic exactly once, whichever step of a commit the process dies after. */
@QuarkusTest
class WarehouseLandingIT {

    @Inject
    WarehousePipeline pipeline;
    @Inject
    WarehouseCrashPoint crashPoint;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Inject
    WarehouseProbe probe;

    @AfterEach
    void disarm() {
        crashPoint.clear();
    }

    @ParameterizedTest
    @EnumSource(LandingStage.class)
    void aCrashAfterAnyStepLosesAndRepeatsNoRecord(LandingStage stage) {
        AtomicBoolean crashed = new AtomicBoolean();
        long restarts = pipeline.restarts();
        crashPoint.arm(reached -> {
            if (reached == stage && crashed.compareAndSet(false, true)) {
                throw new WarehouseCrashPoint.SimulatedCrash(reached);
            }
        });
        for (int i = 0; i < 3; i++) {
            createProduct();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> crashed.get() && pipeline.restarts() > restarts);
        crashPoint.clear();

        probe.awaitLanded();
        assertEveryRecordLandedOnce();
    }

    @Test
    void aPayloadThatBreaksItsSchemaIsQuarantinedWithTheReasonAndTheLandingGoesOn() throws Exception {
        String badId = UUID.randomUUID().toString();
        String bad = """
                {"eventId":"%s","type":"ProductCreated","schemaVersion":2,"aggregateType":"Product",\
                "aggregateId":"%s","sequence":0,"globalIndex":1,"timestamp":"2026-11-23T10:00:00Z",\
                "correlationId":"%s","payload":{"productId":"%s","sku":"X","title":"T","price":{"amount":"free","currency":"EUR"}}}"""
                .formatted(badId, badId, badId, badId);
        kafka.send(new ProducerRecord<>(topic, badId, bad.getBytes(StandardCharsets.UTF_8)));
        String after = createProduct();

        await().atMost(Duration.ofSeconds(30)).until(() -> probe.column("bronze.events", "aggregate_id").contains(after));
        List<String> quarantinedIds = probe.column("bronze.quarantine", "event_id");
        assertThat(quarantinedIds).contains(badId);
        String reason = probe.column("bronze.quarantine", "reason").get(quarantinedIds.indexOf(badId));
        assertThat(reason).startsWith("payload violates ProductCreated.v2.json").contains("amount");
        assertThat(probe.column("bronze.events", "event_id")).doesNotContain(badId);
        assertEveryRecordLandedOnce();
    }

    private static String createProduct() {
        String sku = "SKU-" + UUID.randomUUID();
        return ApiFixtures.json(Map.of("sku", sku, "title", "Lamp " + sku,
                        "description", "Brass", "category", "Lighting", "price", Map.of("amount", 12.5, "currency", "EUR")))
                .post("/api/products").then().statusCode(201).extract().path("id");
    }

    /** Every offset of the topic is in exactly one of bronze.events and bronze.quarantine, exactly once. */
    private void assertEveryRecordLandedOnce() {
        Map<Integer, Long> covered = pipeline.tables().bronzeEvents().current().watermark().kafkaOffsets();
        List<String> landed = positions("bronze.events");
        List<String> quarantined = positions("bronze.quarantine");
        List<String> all = new ArrayList<>(landed);
        all.addAll(quarantined);
        List<String> expected = new ArrayList<>();
        covered.forEach((partition, next) -> {
            for (long offset = 0; offset < next; offset++) {
                expected.add(partition + "@" + offset);
            }
        });
        assertThat(all).as("each record once, in bronze or in quarantine").doesNotHaveDuplicates();
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(landed).isNotEmpty();
    }

    private List<String> positions(String table) {
        List<String> positions = new ArrayList<>();
        probe.scan(table, List.of("kafka_partition", "kafka_offset"), batch -> {
            IntVector partition = (IntVector) batch.getVector("kafka_partition");
            BigIntVector offset = (BigIntVector) batch.getVector("kafka_offset");
            for (int i = 0; i < batch.getRowCount(); i++) {
                positions.add(partition.get(i) + "@" + offset.get(i));
            }
        });
        return positions;
    }
}
