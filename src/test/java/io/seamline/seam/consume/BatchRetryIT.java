package io.seamline.seam.consume;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.http.ReadModelViews;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * A batch that fails once is tried again, never skipped: every event of it reaches the read model, from the records
 * the consumer already has (the relay sends nothing again). The batch is made to fail by the batch-failure fault
 * (POST /api/admin/faults/batch-failures); the consumer is held (stalled) while the events are published, so the batch
 * that fails is the one holding them, and nothing but them.
 */
@QuarkusTest
class BatchRetryIT {

    /** Three products of different kinds, so no two crowd each other's neighbourhood in the vector index. */
    private static final List<List<String>> PRODUCTS = List.of(
            List.of("Cast iron pizza stone", "Preheats in the oven for crisp sourdough crusts"),
            List.of("Beeswax candle making kit", "Wicks, moulds and pure wax for twelve pillar candles"),
            List.of("Kayak paddle leash", "Coiled cord that keeps the paddle attached when you capsize"));

    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        api().delete("/api/admin/faults").then().statusCode(200);
        created.forEach(ApiFixtures::discontinue);
        created.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rowstore", "search", "vectors", "warehouse"})
    void aBatchThatFailsOnce_isAppliedWhole_onItsRetry_withoutTheRelaySendingAgain(String model) {
        await().atMost(EVENTUALLY).until(() -> lagEvents(model) == 0); // the failing batch holds only what follows
        Map<Integer, Long> endsBefore = kafka.endOffsets(topic);
        String word = "retry" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        command().post("/api/admin/faults/stalls/" + model).then().statusCode(200);
        try {
            for (List<String> product : PRODUCTS) {
                created.add(create(product.get(0) + " " + word, product.get(1)));
            }
            await().atMost(EVENTUALLY).until(() -> published(endsBefore) >= PRODUCTS.size());
            json(Map.of("consumers", Set.of(model))).post("/api/admin/faults/batch-failures").then().statusCode(200)
                    .body("batchFailures", hasItem(Map.of("consumer", model, "failed", false)));
        } finally {
            api().delete("/api/admin/faults/stalls/" + model).then().statusCode(200);
        }

        for (int i = 0; i < PRODUCTS.size(); i++) {
            String id = created.get(i);
            String title = PRODUCTS.get(i).get(0) + " " + word;
            String text = title + ". " + PRODUCTS.get(i).get(1);
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(shows(model, id, word, text))
                    .as("%s holds product %s, whose batch failed once", model, id).isTrue());
        }
        api().get("/api/admin/faults").then().statusCode(200)
                .body("batchFailures", hasItem(Map.of("consumer", model, "failed", true)));
        List<ConsumerRecord<String, byte[]>> sent = kafka.readFrom(topic, endsBefore);
        assertThat(sent).as("records on the topic since the products were created: one per event, none sent again")
                .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(created);
    }

    private static boolean shows(String model, String id, String word, String text) {
        return switch (model) {
            case "rowstore" -> ReadModelViews.rowStore(id) != null;
            case "warehouse" -> ReadModelViews.silver(id) != null;
            case "search" -> ReadModelViews.keyword(id, word) != null;
            case "vectors" -> ReadModelViews.vectorScore(id, text) != null;
            default -> throw new IllegalArgumentException(model);
        };
    }

    private static String create(String title, String description) {
        Map<String, Object> body = ApiFixtures.productBody(ApiFixtures.uniqueSku(), "15.00", "EUR");
        body.put("title", title);
        body.put("description", description);
        return json(body).post("/api/products").then().statusCode(201).extract().path("id");
    }

    private long published(Map<Integer, Long> endsBefore) {
        Map<Integer, Long> ends = kafka.endOffsets(topic);
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - endsBefore.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static long lagEvents(String consumer) {
        List<Number> lags = api().get("/api/freshness").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.consumer == '" + consumer + "' }.lagEvents");
        assertThat(lags).as("seams %s feeds", consumer).isNotEmpty();
        return lags.stream().mapToLong(Number::longValue).max().orElseThrow();
    }
}
