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
import static io.seamline.http.ApiFixtures.anonymous;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.problemBody;
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
        long versionBefore = before.getLong("tableVersion");

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
        assertThat(asOf.getLong("tableVersion")).isEqualTo(versionBefore);
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
        assertThat(answer.getLong("tables.'gold.fact_sales'.tableVersion")).isPositive();
        assertThat(answer.getBoolean("truncated")).isFalse();

        JsonPath cut = json(Map.of("sql", "select * from silver_orders cross join (values (1), (2)) v(n)",
                "limit", "1"))
                .post("/api/warehouse/sql").then().statusCode(200).extract().jsonPath();
        assertThat(cut.getList("rows")).hasSize(1);
        assertThat(cut.getBoolean("truncated")).isTrue();
    }

    @Test
    void sqlReadsAPinnedTableAsOfItsOwnVersion_theOthersCurrent_orEveryTableAsOfAnInstant() {
        String category = "Pinned " + UUID.randomUUID();
        String product = createProduct(categorised(category, "4.00"));
        placeOrder(product, 3);                                // 12.00
        awaitRevenue(category, "12.00", 0);
        String join = "select sum(f.amount) as amount, count(*) as lines, max(p.title) as title from gold_fact_sales f "
                + "join silver_products p on p.product_id = f.product_id where f.category = '" + category + "'";
        JsonPath before = sql(Map.of("sql", join));
        long factsBefore = before.getLong("tables.'gold.fact_sales'.tableVersion");
        String titleBefore = before.getString("rows[0][2]");

        placeOrder(product, 2);                                // 8.00 more
        String renamed = "Renamed " + category;
        json(Map.of("title", renamed)).patch("/api/products/" + product).then().statusCode(200);
        JsonPath now = await().atMost(EVENTUALLY).until(() -> sql(Map.of("sql", join)), answer ->
                new BigDecimal(answer.getString("rows[0][0]")).compareTo(new BigDecimal("20.00")) == 0
                        && renamed.equals(answer.getString("rows[0][2]")));
        assertThat(now.getInt("rows[0][1]")).isEqualTo(2);
        long productsRenamed = now.getLong("tables.'silver.products'.tableVersion");

        for (Object pin : List.of(Map.of("gold_fact_sales", factsBefore),
                Map.of("gold.fact_sales", Long.toString(factsBefore)))) {
            JsonPath mixed = sql(Map.of("sql", join, "asOf", pin));
            assertThat(new BigDecimal(mixed.getString("rows[0][0]"))).as("%s", pin).isEqualByComparingTo("12.00");
            assertThat(mixed.getInt("rows[0][1]")).isEqualTo(1);
            assertThat(mixed.getString("rows[0][2]")).as("silver_products is not pinned: current").isEqualTo(renamed);
            assertThat(mixed.getLong("tables.'gold.fact_sales'.tableVersion")).isEqualTo(factsBefore);
            assertThat(mixed.getLong("tables.'silver.products'.tableVersion")).isGreaterThanOrEqualTo(productsRenamed);
        }

        JsonPath atTime = sql(Map.of("sql", join, "asOf", before.getString("tables.'gold.fact_sales'.committedAt")));
        assertThat(new BigDecimal(atTime.getString("rows[0][0]"))).isEqualByComparingTo("12.00");
        assertThat(atTime.getString("rows[0][2]")).as("an instant applies to every table").isEqualTo(titleBefore)
                .isNotEqualTo(renamed);
        assertThat(atTime.getLong("tables.'gold.fact_sales'.tableVersion")).isEqualTo(factsBefore);
        assertThat(atTime.getLong("tables.'silver.products'.tableVersion")).isLessThan(productsRenamed);
    }

    @Test
    void sqlRefusesAPinOnNoTableOnATableNotReadABadValueOrAVersionNotRetained_namingItsField() {
        String orders = "select count(*) from silver_orders";
        assertProblem(json(Map.of("sql", orders, "asOf", Map.of("silver_ordrs", 1))).post("/api/warehouse/sql"),
                400, "invalid-parameter", "asOf.silver_ordrs");
        String detail = problemBody(assertProblem(json(Map.of("sql", orders, "asOf", Map.of("gold_daily_revenue", 1)))
                .post("/api/warehouse/sql"), 400, "invalid-parameter", "asOf.gold_daily_revenue")).getString("detail");
        assertThat(detail).contains("does not read");
        assertProblem(json(Map.of("sql", orders, "asOf", Map.of("silver_orders", "soon"))).post("/api/warehouse/sql"),
                400, "invalid-parameter", "asOf.silver_orders");
        assertProblem(json(Map.of("sql", orders, "asOf", Map.of("silver.orders", 999_999_999)))
                .post("/api/warehouse/sql"), 404, "version-not-found", "asOf.silver.orders");
        for (Object lone : List.of(3, "3")) {
            assertThat(problemBody(assertProblem(json(Map.of("sql", orders, "asOf", lone)).post("/api/warehouse/sql"),
                    400, "invalid-parameter", "asOf")).getString("detail")).as("%s", lone)
                    .contains("versions are per table", "{\"gold_daily_revenue\": 12");
        }
        assertThat(anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath().getString("components.schemas.SqlRequest.properties.asOf.description"))
                .as("the API description tells the same").contains("asOf.<key>", "versions are per table");
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

    private static JsonPath sql(Map<String, ?> body) {
        return json(body).post("/api/warehouse/sql").then().statusCode(200).extract().jsonPath();
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
