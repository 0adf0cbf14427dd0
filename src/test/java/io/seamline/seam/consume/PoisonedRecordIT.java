package io.seamline.seam.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.platform.EventJson;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.fault.InjectedFaults;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReconciledModel;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A record a read model cannot apply stops nothing: after its tries it is quarantined (the table and the dead-letter
 * topic, with its reason), the model applies what comes after it, its seam turns DEGRADED, and a reconciliation
 * reports the poisoned aggregate's key. Forced in each of the four read models by the poison fault (applying one
 * aggregate's events throws in that model only), and for real in the row store by a NUL it cannot store.
 */
@QuarkusTest
class PoisonedRecordIT {

    /** The warehouse gives an event up after as many lives of its pipeline, each started again from its files. */
    private static final Duration PIPELINE_LIVES = Duration.ofSeconds(90);

    @Inject
    InjectedFaults faults;
    @Inject
    @All
    List<ReconciledModel> models;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;
    @ConfigProperty(name = "seamline.consumers.max-attempts")
    int maxAttempts;

    @AfterEach
    void clear() {
        faults.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rowstore", "warehouse", "search", "vectors"})
    void aRecordTheModelCannotApply_isQuarantinedAfterItsTries_andTheModelMovesPastIt(String model) throws Exception {
        String poisoned = ApiFixtures.createProduct("7.00");
        await().atMost(PIPELINE_LIVES).until(() -> sequenceIn(model, poisoned), equalTo(0L));
        long quarantinedBefore = freshness().getLong(seamOf(model) + ".quarantined");
        json(Map.of("consumers", Set.of(model), "aggregateId", poisoned)).post("/api/admin/faults/poisons")
                .then().statusCode(200).body("poisons.size()", equalTo(1));

        json(Map.of("title", "Kettle, renamed")).patch("/api/products/" + poisoned).then().statusCode(200);
        String after = ApiFixtures.createProduct("8.00");

        await().atMost(PIPELINE_LIVES).untilAsserted(() -> assertThat(sequenceIn(model, after))
                .as("%s applies the events after the poisoned one", model).isZero());
        await().atMost(PIPELINE_LIVES).untilAsserted(() -> assertThat(quarantineReasons(model, poisoned))
                .singleElement().asString().contains("injected fault: " + model).contains(tries(model)));
        assertThat(kafka.readAll(Quarantine.deadLetterTopic(topic)))
                .filteredOn(r -> poisoned.equals(r.key()) && model.equals(header(r, Quarantine.HEADER_CONSUMER)))
                .singleElement().satisfies(r -> assertThat(header(r, Quarantine.HEADER_REASON))
                        .contains("injected fault"));
        assertThat(sequenceIn(model, poisoned)).as("the update never reached %s", model).isZero();
        JsonPath freshness = freshness();
        assertThat(freshness.getLong(seamOf(model) + ".quarantined")).isEqualTo(quarantinedBefore + 1);
        assertThat(freshness.getList("findAll { it.consumer == '" + model + "' }.health", String.class))
                .as("every seam %s feeds", model).isNotEmpty().containsOnly("DEGRADED");
        JsonPath report = command().post("/api/admin/reconcile/" + model)
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("examples.findAll { it.aggregateId == '" + poisoned + "' }.kind", String.class))
                .containsExactly("STALE");

        faults.clear();
        command().queryParam("repair", true).post("/api/admin/reconcile/" + model)
                .then().statusCode(200);
        await().atMost(PIPELINE_LIVES).until(() -> sequenceIn(model, poisoned), equalTo(1L));
    }

    @Test
    void aNulProducedStraightToTheTopic_isQuarantinedByTheRowStore_notRetriedForEver() throws Exception {
        String product = ApiFixtures.createProduct("4.00");
        String order = UUID.randomUUID().toString();
        ObjectNode payload = EventJson.mapper().createObjectNode().put("orderId", order)
                .put("customerId", "cust\u0000omer").put("placedAt", Instant.now().toString());
        ObjectNode line = payload.putArray("lines").addObject().put("productId", product).put("title", "Kettle")
                .put("quantity", 1);
        line.putObject("unitPrice").put("amount", new BigDecimal("4.00")).put("currency", "EUR");
        payload.putObject("total").put("amount", new BigDecimal("4.00")).put("currency", "EUR");
        // what an older writer or a bug could put on the topic: the write side refuses it now (OrderTest)
        publish(order, new EventEnvelope(UUID.randomUUID().toString(), "OrderPlaced", 1, "Order", order, 0,
                ApiFixtures.logHead(), Instant.now(), "test", payload));

        String after = ApiFixtures.createProduct("5.00"); // waits until the row store has it: it moved on
        await().atMost(PIPELINE_LIVES).untilAsserted(() -> assertThat(quarantineReasons("rowstore", order))
                .singleElement().asString().contains(tries("rowstore")));
        api().get("/api/orders/" + order).then().statusCode(404);
        api().get("/api/products/" + after).then().statusCode(200);

        // the warehouse holds NUL as it is: the order the event store never had is extra there, and repaired away
        command().queryParam("repair", true).post("/api/admin/reconcile/warehouse")
                .then().statusCode(200);
    }

    private static List<String> quarantineReasons(String consumer, String aggregateId) {
        return api().queryParam("consumer", consumer).queryParam("limit", 1000).get("/api/quarantine")
                .then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.aggregateId == '" + aggregateId + "' }.reason", String.class);
    }

    private String tries(String model) {
        return model.equals("warehouse") ? "could not be folded into silver"
                : "could not be applied after " + maxAttempts + " tries";
    }

    /** The sequence the model holds for an aggregate, or null when it holds none. */
    private Long sequenceIn(String model, String aggregateId) {
        ReconciledModel reconciled = models.stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow();
        return reconciled.keys().stream().filter(k -> k.aggregateId().equals(aggregateId)).map(ModelKey::sequence)
                .findFirst().orElse(null);
    }

    private static JsonPath freshness() {
        return api().get("/api/freshness").then().statusCode(200).extract().jsonPath();
    }

    private static String seamOf(String consumer) {
        return "find { it.consumer == '" + consumer + "' }";
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return KafkaFixtures.header(record, name);
    }

    private void publish(String key, EventEnvelope envelope) throws Exception {
        kafka.send(new ProducerRecord<>(topic, key, EventJson.mapper().writeValueAsBytes(envelope)));
    }
}
