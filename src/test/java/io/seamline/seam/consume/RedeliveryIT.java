package io.seamline.seam.consume;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.http.ReadModelViews;
import io.seamline.http.ReadModelViews.Shown;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ReadModelViews.MODELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka delivers at least once, so an event can come again after a newer one of its aggregate was applied: every read
 * model must skip it, through the sequence guard its consumer loop runs, and count the skip. A product gets sequence 0
 * and 1 through the command API (so the event store, the topic and every model agree); then the relay's record of
 * sequence 0 is produced to the topic once more, as a relay that re-sends a batch or a consumer that lost its commit
 * would deliver it. Each model still shows sequence 1 and its values, and each counted one skip.
 */
@QuarkusTest
class RedeliveryIT {

    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void anOlderEventDeliveredAgain_changesNoReadModel_andEveryModelCountsTheSkip() throws Exception {
        String word = "redelivery" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Map<String, Object> body = ApiFixtures.productBody(ApiFixtures.uniqueSku(), "21.00", "EUR");
        body.put("title", "Brass ship bell " + word);
        body.put("description", "Polished brass bell with a rope lanyard for a porch or a boat deck");
        String id = ApiFixtures.createProduct(body);
        try {
            String title = "Bamboo dumpling steamer " + word;
            String description = "Two-tier basket for steaming dumplings and vegetables over a wok";
            json(Map.of("title", title, "description", description)).patch("/api/products/" + id)
                    .then().statusCode(200);
            String text = title + ". " + description; // what the vector index embeds
            await().atMost(EVENTUALLY).untilAsserted(() -> assertShowsUpdate(id, title, text, word));

            Map<String, Double> skippedBefore = skippedByModel();
            redeliver(recordOf(id, 0));

            await().atMost(EVENTUALLY).untilAsserted(() -> {
                Map<String, Double> skipped = skippedByModel();
                SoftAssertions soft = new SoftAssertions();
                for (String model : MODELS) {
                    soft.assertThat(skipped.get(model)).as("skips counted by %s", model)
                            .isGreaterThan(skippedBefore.get(model));
                }
                soft.assertAll();
            });
            // counted once the batch is applied: what a model shows now is what the redelivery left
            assertShowsUpdate(id, title, text, word);
            SoftAssertions drift = new SoftAssertions();
            for (String model : MODELS) {
                JsonPath report = command().post("/api/admin/reconcile/" + model).then().statusCode(200)
                        .extract().jsonPath();
                drift.assertThat(report.getList("examples.findAll { it.aggregateId == '" + id + "' }"))
                        .as("%s's drift from the event store for the product (sequence 1 there)", model).isEmpty();
            }
            drift.assertAll();
        } finally {
            ApiFixtures.discontinue(id);
        }
    }

    /** Every model shows the product as its update (sequence 1) left it. */
    private static void assertShowsUpdate(String id, String title, String text, String word) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ReadModelViews.rowStore(id)).as("row store").isEqualTo(new Shown(title, 1L));
        soft.assertThat(ReadModelViews.silver(id)).as("warehouse silver").isEqualTo(new Shown(title, 1L));
        soft.assertThat(ReadModelViews.keyword(id, word)).as("keyword index").isEqualTo(new Shown(title, null));
        soft.assertThat(ReadModelViews.vectorScore(id, text)).as("vector index's score for the updated text")
                .isNotNull().isGreaterThan(0.99);
        soft.assertAll();
    }

    private static Map<String, Double> skippedByModel() {
        Map<String, Double> skipped = new LinkedHashMap<>();
        for (String model : MODELS) {
            skipped.put(model, ReadModelViews.skippedEvents(model));
        }
        return skipped;
    }

    /** The record the relay published for the product's event {@code sequence}, found where the trace says it is. */
    private ConsumerRecord<String, byte[]> recordOf(String aggregateId, long sequence) {
        JsonPath trace = api().queryParam("aggregateId", aggregateId).queryParam("sequence", sequence)
                .get("/api/trace").then().statusCode(200).extract().jsonPath();
        int partition = trace.getInt("hops.find { it.hop == 'kafka' }.partition");
        long offset = trace.getLong("hops.find { it.hop == 'kafka' }.offset");
        ConsumerRecord<String, byte[]> record = kafka.readAt(topic, partition, offset);
        assertThat(KafkaFixtures.header(record, EventEnvelope.HEADER_EVENT_ID))
                .isEqualTo(trace.getString("event.eventId"));
        return record;
    }

    /** The same record (key, value, headers) once more, on its partition. */
    private void redeliver(ConsumerRecord<String, byte[]> record) throws Exception {
        kafka.send(new ProducerRecord<>(topic, record.partition(), record.key(), record.value(), record.headers()));
    }
}
