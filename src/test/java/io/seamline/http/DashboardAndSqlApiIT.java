package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard view and SQL over the warehouse, through the HTTP API, with every refusal as problem+json. */
@QuarkusTest
class DashboardAndSqlApiIT {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @Test
    void theDashboardShowsGrossNetOrdersAndUnitsOfACategoryAndAnEarlierVersionOnRequest() {
        String category = "Dashboard " + UUID.randomUUID();
        String product = createProduct(categorised(category, "10.00"));
        String first = placeOrder(product, 2);                 // 20.00
        JsonPath before = awaitRevenue(category, "20.00", 0);
        long versionBefore = before.getLong("version");

        placeOrder(product, 1);                                // 10.00
        command().post("/api/orders/" + first + "/cancel").then().statusCode(200);
        JsonPath after = awaitRevenue(category, "30.00", 1);
        Map<String, Object> row = after.getMap("rows[0]");
        assertThat(row).containsEntry("day", TODAY).containsEntry("category", category)
                .containsEntry("currency", "EUR").containsEntry("orders", 2).containsEntry("cancelledOrders", 1)
                .containsEntry("units", 3);
        assertThat(new BigDecimal(row.get("netRevenue").toString())).isEqualByComparingTo("10.00");
        assertThat(new BigDecimal(row.get("avgOrderValue").toString())).isEqualByComparingTo("10.00");
        assertThat(after.getLong("watermark.maxGlobalIndex")).isPositive();

        JsonPath asOf = api().queryParam("category", category).queryParam("asOf", versionBefore)
                .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath();
        assertThat(asOf.getLong("version")).isEqualTo(versionBefore);
        assertThat(new BigDecimal(asOf.getString("rows[0].grossRevenue"))).isEqualByComparingTo("20.00");
        assertThat(asOf.getInt("rows[0].cancelledOrders")).isZero();

        assertThat(api().queryParam("category", category).queryParam("to", LocalDate.parse(TODAY).minusDays(1).toString())
                .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath().getList("rows")).isEmpty();
    }

    @Test
    void theDashboardRefusesBadParameters() {
        assertProblem(api().queryParam("from", "yesterday").get("/api/dashboard/revenue"), 400, "invalid-parameter", "from");
        assertProblem(api().queryParam("asOf", "soon").get("/api/dashboard/revenue"), 400, "invalid-parameter", "asOf");
        assertProblem(api().queryParam("asOf", "999999").get("/api/dashboard/revenue"), 404, "version-not-found", "asOf");
    }

    @Test
    void sqlAnswersAQueryAndNamesTheVersionOfEachTableItRead() {
        String category = "Sql " + UUID.randomUUID();
        String product = createProduct(categorised(category, "4.00"));
        placeOrder(product, 3);
        awaitRevenue(category, "12.00", 0);
        JsonPath answer = json(Map.of("sql", "select category, sum(amount) as amount, count(*) as lines "
                + "from gold_fact_sales where category = '" + category + "' group by category"))
                .post("/api/warehouse/sql").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("columns")).containsExactly("category", "amount", "lines");
        assertThat(answer.getList("rows[0]").get(0)).isEqualTo(category);
        assertThat(new BigDecimal(answer.getList("rows[0]").get(1).toString())).isEqualByComparingTo("12.00");
        assertThat(answer.getMap("tables")).containsOnlyKeys("gold.fact_sales");
        assertThat(answer.getLong("tables.'gold.fact_sales'.version")).isPositive();
        assertThat(answer.getBoolean("truncated")).isFalse();

        JsonPath cut = json(Map.of("sql", "select * from silver_orders cross join (values (1), (2)) v(n)",
                "limit", "1"))
                .post("/api/warehouse/sql").then().statusCode(200).extract().jsonPath();
        assertThat(cut.getList("rows")).hasSize(1);
        assertThat(cut.getBoolean("truncated")).isTrue();
    }

    @Test
    void sqlRefusesAnythingButOneReadOnlyQuery() {
        assertProblem(json(Map.of("sql", "delete from silver_orders")).post("/api/warehouse/sql"), 400,
                "sql-not-allowed", "sql");
        assertProblem(json(Map.of("sql", "select 1; drop table silver_orders")).post("/api/warehouse/sql"), 400,
                "sql-not-allowed", "sql");
        assertProblem(json(Map.of("sql", "select nosuch from silver_orders")).post("/api/warehouse/sql"), 400,
                "invalid-sql", "sql");
        assertProblem(json(Map.of("sql", "select 1", "limit", "10001")).post("/api/warehouse/sql"), 400,
                "invalid-parameter", "limit");
        assertProblem(json(Map.of("sql", "")).post("/api/warehouse/sql"), 400, "invalid-parameter", "sql");
        assertProblem(json(Map.of("sql", "select 1", "asOf", "3")).post("/api/warehouse/sql"), 400,
                "invalid-parameter", "asOf");
        assertProblem(json(Map.of("sql", "select 1", "limit", "0")).post("/api/warehouse/sql"), 400,
                "invalid-parameter", "limit");
        assertProblem(json(Map.of("sql", "x".repeat(70_000))).post("/api/warehouse/sql"), 400, "invalid-parameter", "sql");
    }

    private static Map<String, Object> categorised(String category, String amount) {
        Map<String, Object> body = new HashMap<>(productBody(uniqueSku(), amount, "EUR"));
        body.put("category", category);
        return body;
    }

    private static String placeOrder(String product, int quantity) {
        return json(orderBody("customer-" + UUID.randomUUID(), product, quantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }

    /** Waits until the dashboard shows {@code gross} and {@code cancelled} orders for the category today. */
    private static JsonPath awaitRevenue(String category, String gross, int cancelled) {
        JsonPath[] answer = new JsonPath[1];
        await().atMost(EVENTUALLY).until(() -> {
            answer[0] = api().queryParam("category", category).queryParam("from", TODAY).queryParam("to", TODAY)
                    .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath();
            List<Object> rows = answer[0].getList("rows");
            return rows.size() == 1 && new BigDecimal(answer[0].getString("rows[0].grossRevenue"))
                    .compareTo(new BigDecimal(gross)) == 0 && answer[0].getInt("rows[0].cancelledOrders") == cancelled;
        });
        return answer[0];
    }
}
