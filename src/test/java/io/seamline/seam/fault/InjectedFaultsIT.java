package io.seamline.seam.fault;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.projection.search.KeywordSearch;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.monitor.Freshness;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos hooks in the running consumers: a dropped event never reaches the consumer it was dropped for (and only
 * that one), and a stalled consumer stays alive, falls behind, is reported stale and stalled, and catches up when
 * resumed.
 */
@QuarkusTest
class InjectedFaultsIT {

    @Inject
    InjectedFaults faults;
    @Inject
    Freshness freshness;
    @Inject
    KeywordSearch keyword;
    @Inject
    VectorReadModel vectors;

    @AfterEach
    void clear() {
        faults.clear();
    }

    @Test
    void droppedDiscontinue_leavesTheProductInThatIndexOnly() {
        String id = ApiFixtures.createProduct("12.00");
        await().atMost(EVENTUALLY).until(() -> keyword.contains(id) && vectors.contains(id));
        json(Map.of("consumers", Set.of("search"), "aggregateId", id, "eventType", "ProductDiscontinued"))
                .post("/api/admin/faults/drops").then().statusCode(200).body("drops.size()", equalTo(1));

        ApiFixtures.discontinue(id);

        await().atMost(EVENTUALLY).until(() -> !vectors.contains(id)); // the vector consumer was not told to lose it
        await().atMost(EVENTUALLY).until(() -> faults.state().drops().get(0).dropped().get() == 1);
        assertTrue(keyword.contains(id), "the keyword index never saw the discontinue");
    }

    @Test
    void stalledConsumer_fallsBehind_isReportedStalled_andCatchesUpWhenResumed() {
        command().post("/api/admin/faults/stalls/rowstore").then().statusCode(200);
        String id = json(ApiFixtures.productBody(ApiFixtures.uniqueSku(), "3.00", "EUR"))
                .post("/api/products").then().statusCode(201).extract().path("id");

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Freshness.ConsumerFreshness rowstore = of("rowstore");
            assertThat(rowstore.lagEvents()).as("%s; faults %s", rowstore, faults.state()).isPositive();
            assertTrue(rowstore.stalled(), "alive but not advancing for longer than warn_after");
            assertEquals(Freshness.Status.WARN, rowstore.status());
        });
        api().get("/api/products/" + id).then().statusCode(404);

        api().delete("/api/admin/faults/stalls/rowstore").then().statusCode(200);

        ApiFixtures.awaitProduct(id, 0);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(of("rowstore").stalled()).isFalse());
    }

    @Test
    void unknownEventType_isRefusedNamingTheField() {
        ApiFixtures.assertRefused(400, "unknown-event-type", "eventType", () ->
                json(Map.of("consumers", Set.of("search"), "aggregateId", "x", "eventType", "ProductExploded"))
                        .post("/api/admin/faults/drops"));
    }

    @Test
    void batchFailureWithoutConsumers_isRefusedNamingTheField() {
        ApiFixtures.assertRefused(400, "consumers-required", "consumers", () ->
                json(Map.of("consumers", Set.of())).post("/api/admin/faults/batch-failures"));
        ApiFixtures.assertRefused(400, "consumers-required", "consumers", () ->
                json(Map.of()).post("/api/admin/faults/batch-failures"));
        assertThat(faults.state().batchFailures()).isEmpty();
    }

    private Freshness.ConsumerFreshness of(String consumer) {
        return freshness.current().stream().filter(f -> f.consumer().equals(consumer)).findFirst().orElseThrow();
    }
}
