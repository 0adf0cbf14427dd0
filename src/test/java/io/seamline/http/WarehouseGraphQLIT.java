package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Warehouse tables, the dashboard and traces over GraphQL: the same answers, limits and refusals as REST. */
@QuarkusTest
class WarehouseGraphQLIT {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonPath graphql(String query) {
        return api().contentType(ContentType.JSON).body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void dashboard_answersAsRestDoes_rolledUpAndPaged() {
        String root = "Gql " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(productBody(uniqueSku(), "6.00", "EUR"));
        body.put("category", root + " > Teapots");
        String teapot = createProduct(body);
        body = new HashMap<>(productBody(uniqueSku(), "4.00", "EUR"));
        body.put("category", root + " > Cups");
        String cup = createProduct(body);
        json(orderBody("customer-" + UUID.randomUUID(), teapot, 1, cup, 2)).post("/api/orders").then().statusCode(201);
        String fields = "table tableVersion level nextCursor rows { day category currency grossRevenue netRevenue orders "
                + "cancelledOrders units avgOrderValue }";
        String rolledUp = "{ dashboard(from: \"%s\", to: \"%s\", category: \"%s\", level: 1) { %s } }"
                .formatted(TODAY, TODAY, root.toLowerCase(), fields);
        JsonPath answer = await().atMost(EVENTUALLY).until(() -> graphql(rolledUp),
                a -> a.getList("data.dashboard.rows").size() == 1 && a.getInt("data.dashboard.rows[0].units") == 3);
        JsonPath rest = api().queryParam("from", TODAY).queryParam("to", TODAY).queryParam("category", root)
                .queryParam("level", 1).queryParam("asOf", answer.getLong("data.dashboard.tableVersion"))
                .get("/api/dashboard/revenue").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("data.dashboard.rows[0].category")).isEqualTo(root);
        assertThat(answer.getInt("data.dashboard.rows[0].orders")).as("one order, a line in each subcategory")
                .isEqualTo(2);
        assertThat(new java.math.BigDecimal(answer.getString("data.dashboard.rows[0].grossRevenue")))
                .isEqualByComparingTo(rest.getString("rows[0].grossRevenue")).isEqualByComparingTo("14.00");

        JsonPath first = graphql("{ dashboard(from: \"%s\", to: \"%s\", category: \"%s\", limit: 1) { %s } }"
                .formatted(TODAY, TODAY, root, fields));
        assertThat(first.getList("data.dashboard.rows.category")).containsExactly(root + " > Cups");
        JsonPath second = graphql("{ dashboard(from: \"%s\", to: \"%s\", category: \"%s\", limit: 1, cursor: \"%s\") { %s } }"
                .formatted(TODAY, TODAY, root, first.getString("data.dashboard.nextCursor"), fields));
        assertThat(second.getList("data.dashboard.rows.category")).containsExactly(root + " > Teapots");
        assertThat(second.getString("data.dashboard.nextCursor")).isNull();
    }

    @Test
    void dashboard_badParameters_errorsNameTheRuleAsRestDoes() {
        JsonPath limit = graphql("{ dashboard(limit: 1001) { tableVersion } }");
        assertThat(limit.getString("errors[0].message")).contains("limit");
        assertThat(limit.getString("errors[0].extensions.rule")).isEqualTo("out-of-range");
        JsonPath level = graphql("{ dashboard(level: 0) { tableVersion } }");
        assertThat(level.getString("errors[0].message")).contains("level");
        JsonPath cursor = graphql("{ dashboard(cursor: \"nonsense\") { tableVersion } }");
        assertThat(cursor.getString("errors[0].extensions.rule")).isEqualTo("invalid-cursor");
    }

    @Test
    void warehouseTable_answersRowsAsJsonStrings_withTheColumnsAndLimitAsked() throws Exception {
        createProduct("3.00");
        JsonPath answer = await().atMost(EVENTUALLY).until(() -> graphql(
                "{ warehouseTable(layer: \"silver\", table: \"products\", columns: \"product_id,sku\", limit: 2) "
                        + "{ table tableVersion columns rows } }"), a -> a.getList("data.warehouseTable.rows").size() == 2);
        assertThat(answer.getString("data.warehouseTable.table")).isEqualTo("silver.products");
        assertThat(answer.getList("data.warehouseTable.columns")).containsExactly("product_id", "sku");
        JsonNode row = JSON.readTree(answer.getString("data.warehouseTable.rows[0]"));
        assertThat(row.fieldNames()).toIterable().containsExactly("product_id", "sku");

        JsonPath tooMany = graphql("{ warehouseTable(layer: \"silver\", table: \"products\", limit: 100001) { tableVersion } }");
        assertThat(tooMany.getString("errors[0].message")).contains("limit");
        assertThat(tooMany.getString("errors[0].extensions.rule")).isEqualTo("invalid-parameter");
        JsonPath unknown = graphql("{ warehouseTable(layer: \"silver\", table: \"nosuch\") { tableVersion } }");
        assertThat(unknown.getString("errors[0].message")).contains("silver.products");
    }

    @Test
    void trace_followsAnEventByAggregateAndSequence_andById() {
        String product = createProduct("2.00");
        JsonPath byAggregate = graphql("{ trace(aggregateId: \"%s\", sequence: 0) { event { eventId aggregateId "
                .formatted(product) + "sequence } hops { hop status } } }");
        assertThat(byAggregate.getString("data.trace.event.aggregateId")).isEqualTo(product);
        List<String> hops = byAggregate.getList("data.trace.hops.hop");
        assertThat(hops).isNotEmpty();
        String eventId = byAggregate.getString("data.trace.event.eventId");
        assertThat(graphql("{ trace(eventId: \"%s\") { event { aggregateId } } }".formatted(eventId))
                .getString("data.trace.event.aggregateId")).isEqualTo(product);
        JsonPath missing = graphql("{ trace(aggregateId: \"%s\") { hops { hop } } }".formatted(product));
        assertThat(missing.getString("errors[0].message")).contains("sequence");
    }
}
