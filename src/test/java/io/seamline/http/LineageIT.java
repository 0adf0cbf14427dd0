package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lineage walk of a dashboard cell against the running platform (embedded PostgreSQL, Kafka, the warehouse):
 * healthy, every layer's number is the event store's and the dashboard's and SQL's; with the warehouse consumer (the
 * bronze landing) or the silver refinery stalled, new orders make the verdict name that layer as stalled while the
 * event store's number is the truth, and the comparison as of a time before the stall agrees everywhere while the one
 * after shows the stalled layers keeping the old number; lifted, the layers converge. With gold's fold told to drop
 * cancellations, the verdict names gold's facts computing different values, and only a rebuild repairs them.
 */
@QuarkusTest
class LineageIT {

    private static final String DAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final List<String> LAYERS = List.of("bronze.events", "silver.order_lines", "gold.fact_sales",
            "gold.daily_revenue");

    private String category;
    private String product;

    @BeforeEach
    void aProductInACategoryOfItsOwn() {
        ApiFixtures.awaitCaughtUp("warehouse");
        category = "Lineage " + UUID.randomUUID();
        Map<String, Object> body = ApiFixtures.productBody(ApiFixtures.uniqueSku(), "10.00", "EUR");
        body.put("category", category);
        product = createProduct(body);
    }

    @AfterEach
    void liftTheFaults() {
        api().delete("/api/admin/faults/stalls/warehouse").then().statusCode(200);
        api().delete("/api/admin/faults/stalls/warehouse.silver").then().statusCode(200);
        api().delete("/api/admin/faults/fold-bugs/gold-drops-cancellations").then().statusCode(200);
    }

    @Test
    void healthy_everyLayerAgreesWithTheEventStore_andWithWhatTheDashboardAndSqlSay() {
        String kept = order(2);
        String cancelled = order(1);
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);

        JsonPath walk = awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason"))
                && w.getInt("truth.orders") == 2 && w.getInt("truth.cancelledOrders") == 1);

        assertThat(new BigDecimal(walk.getString("truth.grossRevenue"))).isEqualByComparingTo("30.00");
        assertThat(new BigDecimal(walk.getString("truth.netRevenue"))).isEqualByComparingTo("20.00");
        assertEquals(3, walk.getInt("truth.units"));
        for (String layer : LAYERS) {
            assertEquals(walk.getMap("truth"), layerTotals(walk, layer), layer);
        }
        JsonPath dashboard = api().queryParam("category", category).queryParam("from", DAY).queryParam("to", DAY)
                .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(dashboard.getString("rows[0].netRevenue"))).isEqualByComparingTo("20.00");
        assertEquals(dashboard.getLong("tableVersion"), walk.getLong("layers.find { it.layer == 'gold.daily_revenue' }"
                + ".tableVersion"));
        // each layer's number is the one SQL over that layer's table gives
        assertSqlTotals(walk, "silver.order_lines", "select sum(l.amount), sum(case when o.status = 'CANCELLED' "
                + "then 0 else l.amount end), count(distinct l.order_id) from silver_order_lines l "
                + "join silver_orders o on o.order_id = l.order_id where l.category = '" + category + "' "
                + "and l.currency = 'EUR' and l.order_date = DATE '" + DAY + "'");
        assertSqlTotals(walk, "gold.fact_sales", "select sum(amount), sum(case when status = 'CANCELLED' then 0 "
                + "else amount end), count(distinct order_id) from gold_fact_sales where category = '" + category
                + "' and currency = 'EUR' and order_date = DATE '" + DAY + "'");
        assertSqlTotals(walk, "gold.daily_revenue", "select gross_revenue, net_revenue, orders from "
                + "gold_daily_revenue where category = '" + category + "' and currency = 'EUR' and day = DATE '"
                + DAY + "'");

        // the rows behind the number: the orders' events with their Kafka place and the bronze version landing them
        assertThat(walk.getList("eventStore.type"))
                .containsExactlyInAnyOrder("OrderPlaced", "OrderPlaced", "OrderCancelled");
        assertThat(walk.getList("bronze", Map.class)).hasSize(3)
                .allSatisfy(e -> assertThat(((Number) e.get("kafkaOffset")).longValue()).isNotNegative())
                .allSatisfy(e -> assertThat(e.get("landedInVersion")).isNotNull());
        assertThat(walk.getList("silver.orders.orderId")).containsExactlyInAnyOrder(kept, cancelled);
        assertThat(walk.getList("gold.facts.orderId")).containsExactlyInAnyOrder(kept, cancelled);

        String markdown = api().accept("text/markdown").queryParam("day", DAY).queryParam("category", category)
                .queryParam("currency", "EUR").get("/api/lineage/revenue").then().statusCode(200).extract().asString();
        assertThat(markdown).contains("**Verdict: AGREE**").contains("| gold.daily_revenue |");

        JsonPath order = api().get("/api/lineage/order/" + cancelled).then().statusCode(200).extract().jsonPath();
        assertEquals("CANCELLED", order.getString("status"));
        assertThat(order.getList("events.type")).containsExactly("OrderPlaced", "OrderCancelled");
        assertThat(order.getList("events.inGold")).containsOnly(true);
        assertThat(order.getList("events.bronzeVersion")).doesNotContainNull();

        // GraphQL answers the same walk
        JsonPath graphql = api().contentType(io.restassured.http.ContentType.JSON).body(Map.of("query", """
                { revenueLineage(day: "%s", category: "%s", currency: "EUR") {
                    verdict { reason } truth { netRevenue orders } layers { layer tableVersion totals { netRevenue } } }
                  lineageComparison(day: "%s", category: "%s", currency: "EUR", at: "%s") { truth { orders } }
                  orderLineage(id: "%s") { status events { type inGold } } }"""
                .formatted(DAY, category, DAY, category, Instant.now(), cancelled)))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(graphql.getList("errors")).as(graphql.prettify()).isNull();
        assertEquals("AGREE", graphql.getString("data.revenueLineage.verdict.reason"));
        assertEquals(2, graphql.getInt("data.revenueLineage.truth.orders"));
        assertThat(graphql.getList("data.revenueLineage.layers.layer")).containsExactlyElementsOf(LAYERS);
        assertEquals(2, graphql.getInt("data.lineageComparison.truth.orders"));
        assertEquals("CANCELLED", graphql.getString("data.orderLineage.status"));
    }

    @Test
    void warehouseStalled_theVerdictNamesBronzeStalled_theEventStoreHoldsTheTruth_andLiftedItConverges() {
        order(1);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 1);
        Instant beforeTheStall = Instant.now();

        command().post("/api/admin/faults/stalls/warehouse").then().statusCode(200);
        String unseen = order(3);

        JsonPath walk = awaitWalk(w -> "STALLED".equals(w.getString("verdict.reason")));
        assertEquals("bronze.events", walk.getString("verdict.layer"));
        assertEquals(2, walk.getInt("truth.orders"));
        assertThat(new BigDecimal(walk.getString("truth.grossRevenue"))).isEqualByComparingTo("40.00");
        for (String layer : LAYERS) {
            assertEquals(1, ((Number) layerTotals(walk, layer).get("orders")).intValue(), layer);
        }
        String placed = walk.getString("eventStore.find { it.aggregateId == '" + unseen + "' }.eventId");
        assertThat(walk.getList("verdict.missingEvents")).containsExactly(placed);
        // the dashboard shows the stale number the walk explains
        assertEquals(1, api().queryParam("category", category).queryParam("from", DAY).queryParam("to", DAY)
                .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath().getInt("rows[0].orders"));
        assertTimeTravel(beforeTheStall, Instant.now(), LAYERS);

        api().delete("/api/admin/faults/stalls/warehouse").then().statusCode(200);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 2);
    }

    @Test
    void refineryStalled_theVerdictNamesSilverStalled_whileBronzeAgrees() {
        order(1);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 1);
        Instant beforeTheStall = Instant.now();

        command().post("/api/admin/faults/stalls/warehouse.silver").then().statusCode(200);
        order(1);

        JsonPath walk = awaitWalk(w -> "STALLED".equals(w.getString("verdict.reason")));
        assertEquals("silver.order_lines", walk.getString("verdict.layer"));
        assertEquals(walk.getMap("truth"), layerTotals(walk, "bronze.events"));
        assertEquals(1, ((Number) layerTotals(walk, "gold.daily_revenue").get("orders")).intValue());
        assertTimeTravel(beforeTheStall, Instant.now(), LAYERS.subList(1, LAYERS.size()));

        api().delete("/api/admin/faults/stalls/warehouse.silver").then().statusCode(200);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 2);
    }

    @Test
    void goldDroppingCancellations_isAFoldBugOfGoldsFacts_namingTheCancellation_andARebuildRepairsIt() {
        order(2);
        String cancelled = order(1);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 2);

        command().post("/api/admin/faults/fold-bugs/gold-drops-cancellations").then().statusCode(200)
                .body("foldBugs", org.hamcrest.Matchers.contains("gold-drops-cancellations"));
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);

        JsonPath walk = awaitWalk(w -> "DIFFERENT_VALUES".equals(w.getString("verdict.reason")));
        assertEquals("gold.fact_sales", walk.getString("verdict.layer"));
        String cancellation = walk.getString("eventStore.find { it.type == 'OrderCancelled' }.eventId");
        assertThat(walk.getList("verdict.unreflectedEvents")).containsExactly(cancellation);
        assertThat(walk.getList("verdict.missingEvents")).isEmpty();
        assertThat(new BigDecimal(walk.getString("truth.netRevenue"))).isEqualByComparingTo("20.00");
        assertEquals(walk.getMap("truth"), layerTotals(walk, "silver.order_lines"));
        assertThat(new BigDecimal(layerTotals(walk, "gold.daily_revenue").get("netRevenue").toString()))
                .isEqualByComparingTo("30.00");
        // gold's facts are where the cancellation is lost: the order is cancelled in silver, not in gold
        assertSqlTotals(walk, "gold.fact_sales", "select sum(amount), sum(case when status = 'CANCELLED' then 0 "
                + "else amount end), count(distinct order_id) from gold_fact_sales where category = '" + category
                + "' and currency = 'EUR' and order_date = DATE '" + DAY + "'");

        api().delete("/api/admin/faults/fold-bugs/gold-drops-cancellations").then().statusCode(200);
        assertEquals("DIFFERENT_VALUES", walk(null, null).getString("verdict.reason"),
                "lifting the bug does not refold what gold already folded");
        ApiFixtures.replay("warehouse");
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.cancelledOrders") == 1);
    }

    @Test
    void timeTravel_byGlobalIndex_foldsTheEventStoreUpToIt() {
        String first = order(1);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 1);
        long afterFirst = walk(null, null).getLong("globalIndex");
        order(2);
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 2);

        JsonPath then = api().queryParam("day", DAY).queryParam("category", category).queryParam("currency", "EUR")
                .queryParam("asOf", afterFirst).get("/api/lineage/revenue").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(1, then.getInt("truth.orders"));
        assertEquals(afterFirst, then.getLong("globalIndex"));
        assertThat(then.getList("eventStore.aggregateId")).containsOnly(first);
        assertRefused(400, "invalid-parameter", "asOf", () -> api().queryParam("day", DAY)
                .queryParam("category", category).queryParam("currency", "EUR").queryParam("asOf", Long.MAX_VALUE)
                .get("/api/lineage/revenue"));
    }

    @Test
    void manyOrders_comeAPageAtATime_theTotalsOverAllOfThem() {
        for (int i = 0; i < 3; i++) {
            order(1);
        }
        awaitWalk(w -> "AGREE".equals(w.getString("verdict.reason")) && w.getInt("truth.orders") == 3);

        JsonPath first = walk(2, null);
        assertEquals(3, first.getInt("orders"));
        assertThat(first.getList("silver.orders")).hasSize(2);
        JsonPath second = walk(2, first.getString("nextCursor"));
        assertThat(second.getList("silver.orders")).hasSize(1);
        assertThat(second.getString("nextCursor")).isNull();
        assertThat(second.getList("silver.orders.orderId")).doesNotContainAnyElementsOf(
                first.getList("silver.orders.orderId"));
    }

    @Test
    void badParameters_areRefusedNamingTheField_andAnUnknownOrderIsNotFound() {
        assertRefused(400, "invalid-parameter", "category", () -> api().queryParam("day", DAY)
                .queryParam("currency", "EUR").get("/api/lineage/revenue"));
        assertRefused(400, "invalid-parameter", "day", () -> api().queryParam("day", "yesterday")
                .queryParam("category", category).queryParam("currency", "EUR").get("/api/lineage/revenue"));
        assertRefused(400, "invalid-parameter", "limit", () -> api().queryParam("day", DAY)
                .queryParam("category", category).queryParam("currency", "EUR").queryParam("limit", "101")
                .get("/api/lineage/revenue"));
        api().get("/api/lineage/order/no-such-order").then().statusCode(404);
        assertRefused(400, "invalid-parameter", "at", () -> api().queryParam("day", DAY)
                .queryParam("category", category).queryParam("currency", "EUR").get("/api/lineage/compare"));
        assertRefused(400, "invalid-parameter", "at", () -> api().queryParam("day", DAY)
                .queryParam("category", category).queryParam("currency", "EUR").queryParam("at", "noon")
                .get("/api/lineage/compare"));
    }

    /**
     * As of {@code before}, every layer gives the event store's number of then; as of {@code after}, the event store
     * has moved on while {@code stalled} (the stalled layer and those fed from it) keep the number they had before.
     */
    private void assertTimeTravel(Instant before, Instant after, List<String> stalled) {
        JsonPath then = compare(before);
        assertEquals("AGREE", then.getString("verdict.reason"), then.prettify());
        for (String layer : LAYERS) {
            assertEquals(then.getMap("truth"), layerTotals(then, layer), layer + " as of " + before);
        }
        JsonPath now = compare(after);
        assertThat(now.getInt("truth.orders")).isGreaterThan(then.getInt("truth.orders"));
        assertThat(now.getLong("globalIndex")).isGreaterThan(then.getLong("globalIndex"));
        for (String layer : LAYERS) {
            assertEquals(stalled.contains(layer) ? then.getMap("truth") : now.getMap("truth"), layerTotals(now, layer),
                    layer + " as of " + after);
        }
        String markdown = api().accept("text/markdown").queryParam("day", DAY).queryParam("category", category)
                .queryParam("currency", "EUR").queryParam("at", after.toString()).get("/api/lineage/compare").then()
                .statusCode(200).extract().asString();
        assertThat(markdown).contains("as of " + after).contains("| " + stalled.getFirst() + " |");
        // the walk as of the earlier time says the same as the comparison
        JsonPath walkThen = api().queryParam("day", DAY).queryParam("category", category).queryParam("currency", "EUR")
                .queryParam("asOf", before.toString()).get("/api/lineage/revenue").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(then.getMap("truth"), walkThen.getMap("truth"));
        assertEquals("AGREE", walkThen.getString("verdict.reason"));
    }

    private JsonPath compare(Instant at) {
        return api().queryParam("day", DAY).queryParam("category", category).queryParam("currency", "EUR")
                .queryParam("at", at.toString()).get("/api/lineage/compare").then().statusCode(200).extract()
                .jsonPath();
    }

    private String order(int quantity) {
        return json(orderBody("cust-" + UUID.randomUUID(), product, quantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }

    private JsonPath walk(Integer limit, String cursor) {
        var request = api().queryParam("day", DAY).queryParam("category", category).queryParam("currency", "EUR");
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/lineage/revenue").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitWalk(java.util.function.Predicate<JsonPath> done) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(EVENTUALLY).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            last[0] = walk(null, null);
            return done.test(last[0]);
        });
        return last[0];
    }

    private static void assertSqlTotals(JsonPath walk, String layer, String query) {
        JsonPath sql = json(Map.of("sql", query)).post("/api/warehouse/sql").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> totals = layerTotals(walk, layer);
        assertThat(new BigDecimal(sql.getString("rows[0][0]"))).as(layer + " gross")
                .isEqualByComparingTo(new BigDecimal(totals.get("grossRevenue").toString()));
        assertThat(new BigDecimal(sql.getString("rows[0][1]"))).as(layer + " net")
                .isEqualByComparingTo(new BigDecimal(totals.get("netRevenue").toString()));
        assertEquals(((Number) totals.get("orders")).intValue(), sql.getInt("rows[0][2]"), layer + " orders");
    }

    private static Map<String, Object> layerTotals(JsonPath walk, String layer) {
        return walk.getMap("layers.find { it.layer == '" + layer + "' }.totals");
    }
}
