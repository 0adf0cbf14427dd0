package io.seamline.projection.warehouse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableScan;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic")
    String topic;

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

        awaitCaughtUp();
        assertEveryRecordLandedOnce();
    }

    @Test
    void aPayloadThatBreaksItsSchemaIsQuarantinedWithTheReasonAndTheLandingGoesOn() throws Exception {
        String badId = UUID.randomUUID().toString();
        String bad = """
                {"eventId":"%s","type":"ProductCreated","version":2,"aggregateType":"Product",\
                "aggregateId":"%s","sequence":0,"globalIndex":1,"timestamp":"2026-11-23T10:00:00Z",\
                "correlationId":"%s","payload":{"productId":"%s","sku":"X","title":"T","price":{"amount":"free","currency":"EUR"}}}"""
                .formatted(badId, badId, badId, badId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, badId, bad)).get();
        }
        String after = createProduct();

        await().atMost(Duration.ofSeconds(30)).until(() -> column("bronze.events", "aggregate_id").contains(after));
        List<String> quarantinedIds = column("bronze.quarantine", "event_id");
        assertThat(quarantinedIds).contains(badId);
        String reason = column("bronze.quarantine", "reason").get(quarantinedIds.indexOf(badId));
        assertThat(reason).startsWith("payload violates ProductCreated.v2.json").contains("amount");
        assertThat(column("bronze.events", "event_id")).doesNotContain(badId);
        assertEveryRecordLandedOnce();
    }

    private static String createProduct() {
        String sku = "SKU-" + UUID.randomUUID();
        return RestAssured.given().contentType(ContentType.JSON).body(Map.of("sku", sku, "title", "Lamp " + sku,
                        "description", "Brass", "category", "Lighting", "price", Map.of("amount", 12.5, "currency", "EUR")))
                .post("/api/products").then().statusCode(201).extract().path("id");
    }

    /** Waits until bronze and the quarantine together have judged every record now on the topic. */
    private void awaitCaughtUp() {
        Map<Integer, Long> end = endOffsets();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<Integer, Long> landed = pipeline.tables().bronzeEvents().current().watermark().kafkaOffsets();
            return end.entrySet().stream().allMatch(e -> landed.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
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
        scan(table, List.of("kafka_partition", "kafka_offset"), batch -> {
            IntVector partition = (IntVector) batch.getVector("kafka_partition");
            BigIntVector offset = (BigIntVector) batch.getVector("kafka_offset");
            for (int i = 0; i < batch.getRowCount(); i++) {
                positions.add(partition.get(i) + "@" + offset.get(i));
            }
        });
        return positions;
    }

    private List<String> column(String table, String column) {
        List<String> values = new ArrayList<>();
        scan(table, List.of(column), batch -> {
            VarCharVector vector = (VarCharVector) batch.getVector(column);
            for (int i = 0; i < batch.getRowCount(); i++) {
                values.add(vector.isNull(i) ? null : new String(vector.get(i), StandardCharsets.UTF_8));
            }
        });
        return values;
    }

    private void scan(String id, List<String> columns, java.util.function.Consumer<org.apache.arrow.vector.VectorSchemaRoot> sink) {
        ArrowTable table = pipeline.tables().get(id);
        try (BufferAllocator allocator = new RootAllocator()) {
            TableScan.scan(table, table.current(), columns, p -> true, allocator, batch -> {
                sink.accept(batch);
                return true;
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((p, offset) -> end.put(p.partition(), offset));
            return end;
        }
    }
}
