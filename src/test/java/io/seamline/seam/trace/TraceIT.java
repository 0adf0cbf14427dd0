package io.seamline.seam.trace;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An event made through the API can be followed from the append through Kafka into every read model. */
@QuarkusTest
class TraceIT {

    @Test
    void createdProduct_reachesEveryHop_inOrderAlongEachEdge() {
        String product = ApiFixtures.createProduct("6.00");
        ApiFixtures.placeOrder(product); // an order lands in gold, so the warehouse flushes every stage

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath trace = api().get("/api/trace?aggregateId=" + product + "&sequence=0").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("ProductCreated", trace.getString("event.type"));
            assertThat(trace.getList("hops.hop")).containsExactly("eventstore", "kafka", "rowstore",
                    "warehouse.bronze", "warehouse.silver", "warehouse.gold", "search", "vectors");
            assertThat(trace.getList("hops.status")).containsOnly("REACHED");
            List<Map<String, Object>> hops = trace.getList("hops");
            for (Map<String, Object> hop : hops.subList(1, hops.size())) {
                assertThat(((Number) hop.get("lagFromMillis")).longValue()).as("%s", hop).isNotNegative();
                assertThat(((Number) hop.get("sinceAppendMillis")).longValue()).as("%s", hop).isNotNegative();
            }
            assertThat(trace.getInt("hops[1].partition")).isNotNegative();
            assertThat(Instant.parse(trace.getString("hops[1].at")))
                    .isAfterOrEqualTo(Instant.parse(trace.getString("hops[0].at")));
        });

        String eventId = api().get("/api/trace?aggregateId=" + product + "&sequence=0").jsonPath().getString("event.eventId");
        api().get("/api/trace/" + eventId).then().statusCode(200)
                .body("event.aggregateId", org.hamcrest.Matchers.equalTo(product));
    }

    @Test
    void unknownEvent_is404_andABadSequence_is400NamingIt() {
        ApiFixtures.assertProblem(api().get("/api/trace/no-such-event"), 404, "not-found", null);
        ApiFixtures.assertProblem(api().get("/api/trace?aggregateId=p&sequence=x"), 400, "out-of-range", "sequence");
        ApiFixtures.assertProblem(api().get("/api/trace?sequence=1"), 400, "required", "aggregateId");
    }
}
