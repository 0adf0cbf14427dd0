package io.seamline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.platform.EmbeddedKafkaBroker;
import io.seamline.platform.EventJson;
import io.seamline.support.EmbeddedInfraResource;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay never moves its position past an event Kafka has not acknowledged. With the broker down the relay's sends
 * stall: its token (Axon's, in tokenentry) and its watermark (projection_watermark) stay before the event. Once the
 * broker is back the event reaches the topic, once, and both move past it. The record on the broker shows how the
 * relay's producer was configured: written by an idempotent producer, which Kafka only allows with acks=all.
 */
@QuarkusTest
class RelayOutageIT {

    /** How long the relay must hold its position while Kafka cannot ack; it handles a new event within milliseconds. */
    private static final Duration HELD = Duration.ofSeconds(5);
    private static final String KAFKA_HOP = "hops.find { it.hop == 'kafka' }";

    @Inject
    DataSource dataSource;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void discontinueWhatWasCreated() {
        created.forEach(ApiFixtures::discontinue);
        created.clear();
    }

    @Test
    void whileKafkaCannotAck_theRelayHoldsTokenAndWatermarkBeforeTheEvent_whichArrivesOnceAfterRecovery()
            throws Exception {
        // published before the outage, so the relay's producer knows the topic's partitions: with Kafka down it
        // buffers the next send and waits for the ack (it would otherwise wait for the partitions before sending)
        created.add(ApiFixtures.createProduct("8.00"));
        long head = ApiFixtures.logHead();
        await().atMost(ApiFixtures.EVENTUALLY).until(() -> relayWatermark() >= head); // nothing else in flight
        Map<Integer, Long> endsBefore = kafka.endOffsets(topic);
        EmbeddedKafkaBroker broker = EmbeddedInfraResource.infra().kafka();

        String id;
        long event;
        broker.close();
        try {
            id = json(ApiFixtures.productBody(ApiFixtures.uniqueSku(), "9.00", "EUR")).post("/api/products")
                    .then().statusCode(201).extract().path("id");
            created.add(id);
            event = globalIndexOf(id, head);
            await().during(HELD).atMost(HELD.plusSeconds(10)).untilAsserted(() -> {
                assertThat(relayToken()).as("relay token (tokenentry) while Kafka is down").isLessThan(event);
                assertThat(relayWatermark()).as("relay watermark while Kafka is down").isLessThan(event);
            });
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(relayToken()).as("relay token after recovery").isGreaterThanOrEqualTo(event);
            assertThat(relayWatermark()).as("relay watermark after recovery").isGreaterThanOrEqualTo(event);
        });
        List<ConsumerRecord<String, byte[]>> sent = kafka.readFrom(topic, endsBefore);
        assertThat(sent).as("records on the topic since Kafka went down").extracting(ConsumerRecord::key)
                .containsExactly(id);
        ConsumerRecord<String, byte[]> record = sent.getFirst();
        JsonPath trace = api().queryParam("aggregateId", id).queryParam("sequence", 0).get("/api/trace")
                .then().statusCode(200).extract().jsonPath();
        assertThat(trace.getInt(KAFKA_HOP + ".partition")).as("partition the relay was acked for")
                .isEqualTo(record.partition());
        assertThat(trace.getLong(KAFKA_HOP + ".offset")).as("offset the relay was acked for (acks=0 leaves it -1)")
                .isEqualTo(record.offset());
        assertThat(writerOf(record)).as("the producer state the broker keeps for the relay's record").isNotNull()
                .satisfies(state -> assertThat(state.producerId()).as("idempotent producer id").isNotNegative());
    }

    /**
     * The idempotent producer that wrote the record, as the broker tracks it (its last batch on the partition), or
     * null: the broker keeps producer state only for idempotent writers.
     */
    private ProducerState writerOf(ConsumerRecord<String, byte[]> record) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicPartition partition = new TopicPartition(topic, record.partition());
            List<ProducerState> active = admin.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).activeProducers();
            return active.stream().filter(p -> p.lastTimestamp() == record.timestamp()).findFirst().orElse(null);
        }
    }

    /** The global index of the product's creation, as the event store has it (read after {@code head}). */
    private static long globalIndexOf(String productId, long head) {
        return ApiFixtures.eventsAfter(head).stream().filter(e -> productId.equals(e.get("aggregateId")))
                .map(e -> ((Number) e.get("globalIndex")).longValue()).findFirst().orElseThrow();
    }

    /** The position of the relay's tracking token: the global index of the last event it committed. */
    private long relayToken() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select token from tokenentry where processorname = ?")) {
            ps.setString(1, RelayModule.PROCESSOR);
            try (ResultSet rs = ps.executeQuery()) {
                long position = -1;
                while (rs.next()) {
                    byte[] token = rs.getBytes(1);
                    if (token != null) {
                        JsonNode json = EventJson.mapper().readTree(token);
                        position = Math.max(position, json.path("index").asLong(-1));
                    }
                }
                return position;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable relay token", e);
            }
        }
    }

    /** The relay's watermark: the last global index it recorded as acked. */
    private long relayWatermark() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select last_global_index from projection_watermark where consumer = ?")) {
            ps.setString(1, RelayModule.PROCESSOR);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
