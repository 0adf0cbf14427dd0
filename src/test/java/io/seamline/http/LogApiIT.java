package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.eventsAfter;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.placeOrder;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** REST tests for the log (/api/events paging), /api/freshness, readiness and the Prometheus metrics. */
@QuarkusTest
class LogApiIT {

    // --- /api/events -------------------------------------------------------------------------------

    @Test
    void events_afterHeadBeforeCreate_returnsTheNewEnvelope() {
        long before = logHead();
        String sku = uniqueSku();
        String id = json(productBody(sku, "7.00", "EUR")).post("/api/products")
                .then().statusCode(201).extract().path("id");
        JsonPath page = api().queryParam("after", before).queryParam("limit", 10).get("/api/events")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(page.getList("events")).hasSize(1);
        assertThat(page.getString("events[0].eventId")).isNotBlank();
        assertThat(page.getString("events[0].type")).isEqualTo("ProductCreated");
        assertThat(page.getInt("events[0].schemaVersion")).isEqualTo(2);
        assertThat(page.getString("events[0].aggregateType")).isEqualTo("Product");
        assertThat(page.getString("events[0].aggregateId")).isEqualTo(id);
        assertThat(page.getLong("events[0].sequence")).isZero();
        assertThat(page.getLong("events[0].globalIndex")).isGreaterThan(before);
        assertThat(page.getString("events[0].timestamp")).isNotBlank();
        assertThat(page.getString("events[0].correlationId")).isNotBlank();
        assertThat(page.getString("events[0].payload.sku")).isEqualTo(sku);
        assertThat(page.getLong("next")).isEqualTo(page.getLong("events[0].globalIndex"));
        assertThat(page.getLong("head")).isEqualTo(page.getLong("next"));
    }

    @Test
    void events_pagedWithNext_visitsEveryEventOnceInGlobalOrder() {
        long start = logHead();
        String product = createProduct("2.00");
        json(Map.of("title", "Renamed")).patch("/api/products/" + product).then().statusCode(200);
        String order = placeOrder(product);
        ApiFixtures.command().post("/api/orders/" + order + "/pay").then().statusCode(200);
        long head = logHead();

        long after = start;
        List<Long> seen = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        for (int pageNo = 0; pageNo < 10 && after < head; pageNo++) {
            JsonPath page = api().queryParam("after", after).queryParam("limit", 1).get("/api/events")
                    .then().statusCode(200).extract().jsonPath();
            List<Long> indexes = page.getList("events.globalIndex", Long.class);
            assertThat(indexes).hasSize(1);
            assertThat(page.getLong("next")).isEqualTo(indexes.get(0));
            assertThat(page.getLong("head")).isEqualTo(head);
            seen.addAll(indexes);
            aggregates.addAll(page.getList("events.aggregateId"));
            after = page.getLong("next");
        }
        assertThat(seen).hasSize(4).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(0)).isGreaterThan(start);
        assertThat(seen.get(3)).isEqualTo(head);
        assertThat(aggregates).containsExactly(product, product, order, order);
        api().queryParam("after", after).queryParam("limit", 1).get("/api/events")
                .then().statusCode(200).body("events.size()", equalTo(0));
    }

    @Test
    void events_atHead_emptyPageWithNextUnchanged() {
        createProduct("2.00");
        long head = logHead();
        api().queryParam("after", head).get("/api/events")
                .then().statusCode(200)
                .body("events.size()", equalTo(0))
                .body("next", equalTo((int) head))
                .body("head", equalTo((int) head));
    }

    @Test
    void events_fromStartWithLimit2_twoOldestEvents() {
        createProduct("2.00");
        createProduct("2.00");
        JsonPath page = api().queryParam("after", -1).queryParam("limit", 2).get("/api/events")
                .then().statusCode(200).extract().jsonPath();
        List<Long> indexes = page.getList("events.globalIndex", Long.class);
        assertThat(indexes).hasSize(2).isSorted();
        assertThat(page.getLong("next")).isEqualTo(indexes.get(1));
        JsonPath noAfter = api().queryParam("limit", 2).get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(noAfter.getList("events.eventId")).isEqualTo(page.getList("events.eventId"));
    }

    @Test
    void events_defaultLimit_atMost100() {
        JsonPath page = api().get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events")).hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void events_limit1000_200() {
        api().queryParam("limit", 1000).get("/api/events").then().statusCode(200);
    }

    @Test
    void events_limitZero_400OutOfRange() {
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", 0).get("/api/events"));
    }

    @Test
    void events_limit1001_400OutOfRange() {
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", 1001).get("/api/events"));
    }

    @Test
    void events_limitNotANumber_400OutOfRange() {
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", "ten").get("/api/events"));
    }

    @Test
    void events_afterNotANumber_400OutOfRange() {
        assertRefused(400, "out-of-range", "after", () -> api().queryParam("after", "x").get("/api/events"));
    }

    @Test
    void events_afterBelowMinusOne_400OutOfRange() {
        assertRefused(400, "out-of-range", "after", () -> api().queryParam("after", -2).get("/api/events"));
    }

    @Test
    void events_filteredByType_walkWithNextVisitsExactlyTheMatchingEvents() {
        long start = logHead();
        String product = createProduct("2.00");
        json(Map.of("title", "Renamed once")).patch("/api/products/" + product).then().statusCode(200);
        String order = placeOrder(product);
        json(Map.of("title", "Renamed twice")).patch("/api/products/" + product).then().statusCode(200);
        long head = logHead();
        List<Long> expected = eventsAfter(start).stream().filter(e -> e.get("type").equals("ProductUpdated"))
                .filter(e -> ((Number) e.get("globalIndex")).longValue() <= head)
                .map(e -> ((Number) e.get("globalIndex")).longValue()).toList();
        assertThat(expected).hasSize(2);

        long after = start;
        List<Long> seen = new ArrayList<>();
        for (int pageNo = 0; pageNo < 10 && after < head; pageNo++) {
            JsonPath page = api().queryParam("after", after).queryParam("limit", 1)
                    .queryParam("type", "ProductUpdated").get("/api/events").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("events.type")).containsOnly("ProductUpdated");
            seen.addAll(page.getList("events.globalIndex", Long.class));
            assertThat(page.getLong("next")).isGreaterThan(after);
            after = page.getLong("next");
        }
        assertThat(seen.stream().filter(index -> index <= head).toList()).isEqualTo(expected);
        assertThat(order).isNotBlank();
    }

    @Test
    void events_filteredByTypes_anyOfTheNamedTypes() {
        long start = logHead();
        String product = createProduct("2.00");
        placeOrder(product);
        JsonPath page = api().queryParam("after", start).queryParam("type", "ProductCreated, OrderPlaced")
                .get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events.type")).containsOnly("ProductCreated", "OrderPlaced")
                .contains("ProductCreated", "OrderPlaced");
    }

    @Test
    void events_filteredByAggregate_onlyItsEventsAndNextReachesHead() {
        long start = logHead();
        String product = createProduct("2.00");
        String other = createProduct("2.00");
        json(Map.of("title", "Renamed")).patch("/api/products/" + product).then().statusCode(200);
        placeOrder(other);
        long head = logHead();
        JsonPath page = api().queryParam("after", start).queryParam("aggregateId", product)
                .get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events.aggregateId")).containsOnly(product);
        assertThat(page.getList("events.type")).containsExactly("ProductCreated", "ProductUpdated");
        assertThat(page.getList("events.globalIndex", Long.class)).isSorted().allMatch(index -> index > start);
        assertThat(page.getLong("next")).isGreaterThanOrEqualTo(head);

        JsonPath updates = api().queryParam("after", start).queryParam("aggregateId", product)
                .queryParam("type", "ProductUpdated").queryParam("limit", 1).get("/api/events")
                .then().statusCode(200).extract().jsonPath();
        assertThat(updates.getList("events.type")).containsExactly("ProductUpdated");
        assertThat(updates.getLong("next")).isEqualTo(updates.getLong("events[0].globalIndex"));

        JsonPath first = api().queryParam("after", start).queryParam("aggregateId", product).queryParam("limit", 1)
                .get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("events.type")).containsExactly("ProductCreated");
        JsonPath second = api().queryParam("after", first.getLong("next")).queryParam("aggregateId", product)
                .get("/api/events").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("events.type")).containsExactly("ProductUpdated");
    }

    @Test
    void events_unknownType_400NamingType() {
        assertRefused(400, "invalid-parameter", "type", () -> api().queryParam("type", "ProductDeleted")
                .get("/api/events"));
    }

    @Test
    void events_aggregateIdTooLong_400NamingAggregateId() {
        assertRefused(400, "too-long", "aggregateId", () -> api().queryParam("aggregateId", "a".repeat(256))
                .get("/api/events"));
    }

    // --- freshness, health, metrics ----------------------------------------------------------------

    @Test
    void freshness_afterACommand_relayAndRowstoreListedAndLagEventuallyZero() {
        createProduct("2.00");
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath freshness = api().get("/api/freshness")
                    .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
            assertThat(freshness.getList("consumer")).contains("relay", "rowstore");
            long head = logHead();
            for (String consumer : List.of("relay", "rowstore")) {
                String at = "find { it.consumer == '" + consumer + "' }";
                assertThat(freshness.getLong(at + ".lagEvents")).as(consumer + " lagEvents").isZero();
                assertThat(freshness.getDouble(at + ".lagSeconds")).as(consumer + " lagSeconds").isZero();
                assertThat(freshness.getString(at + ".status")).as(consumer + " status").isEqualTo("OK");
                assertThat(freshness.getLong(at + ".watermark")).as(consumer + " watermark")
                        .isEqualTo(freshness.getLong(at + ".head"));
                assertThat(freshness.getLong(at + ".head")).isLessThanOrEqualTo(head);
            }
        });
    }

    @Test
    void healthReady_running_200Up() {
        api().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_afterACommand_containsCommandTimer() {
        createProduct("2.00");
        api().get("/q/metrics").then().statusCode(200)
                .body(containsString("seamline_commands_seconds"))
                .body(containsString("type=\"CreateProductCommand\""));
    }
}
