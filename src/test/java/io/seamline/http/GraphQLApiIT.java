package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tests of the GraphQL API at /graphql: the same commands and queries as REST, refusals as GraphQL errors. */
@QuarkusTest
class GraphQLApiIT {

    /** Posts {"query": ...} to /graphql and returns the JSON answer (HTTP 200 either way). */
    private static JsonPath graphql(String query) {
        return api().contentType(ContentType.JSON).body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String createProductMutation(String sku, String amount) {
        return """
                mutation { createProduct(product: {sku: "%s", title: "Assam tea %s", category: "Grocery > Tea",
                  price: {amount: %s, currency: "EUR"}, attributes: [{key: "origin", value: "India"}]}) { id aggregateVersion } }"""
                .formatted(sku, sku, amount);
    }

    /** Asserts a GraphQL answer with an error whose message contains the text, and that the log head is unchanged. */
    private static JsonPath assertError(long headBefore, JsonPath answer, String message) {
        assertThat(answer.getList("errors")).as("errors").isNotEmpty();
        assertThat(answer.getString("errors[0].message")).contains(message);
        assertThat(logHead()).as("log head after a refused mutation (nothing appended)").isEqualTo(headBefore);
        return answer;
    }

    @Test
    void createProduct_thenProductQuery_eventuallyReturnsIt() {
        String sku = uniqueSku();
        JsonPath created = graphql(createProductMutation(sku, "8.5"));
        assertThat(created.getList("errors")).isNull();
        String id = created.getString("data.createProduct.id");
        assertThat(id).isNotBlank();
        assertThat(created.getInt("data.createProduct.aggregateVersion")).isZero();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath read = graphql("{ product(id: \"%s\") { id sku title price { amount currency } discontinued aggregateVersion } }"
                    .formatted(id));
            assertThat(read.getString("data.product.id")).isEqualTo(id);
            assertThat(read.getString("data.product.sku")).isEqualTo(sku);
            assertThat(read.getString("data.product.title")).isEqualTo("Assam tea " + sku);
            assertThat(new BigDecimal(read.getString("data.product.price.amount"))).isEqualByComparingTo("8.50");
            assertThat(read.getString("data.product.price.currency")).isEqualTo("EUR");
            assertThat(read.getBoolean("data.product.discontinued")).isFalse();
            assertThat(read.getInt("data.product.aggregateVersion")).isZero();
        });
        JsonPath bySku = graphql("{ productBySku(sku: \"%s\") { id } }".formatted(sku));
        assertThat(bySku.getString("data.productBySku.id")).isEqualTo(id);
    }

    @Test
    void createProduct_negativePrice_errorNamesRuleAndNothingAppended() {
        long before = logHead();
        JsonPath answer = graphql(createProductMutation(uniqueSku(), "-1"));
        assertError(before, answer, "price must be greater than zero");
        assertThat(answer.getString("data.createProduct")).isNull();
    }

    @Test
    void createProduct_duplicateSku_errorAndNothingAppended() {
        String sku = uniqueSku();
        assertThat(graphql(createProductMutation(sku, "3")).getString("data.createProduct.id")).isNotBlank();
        long before = logHead();
        assertError(before, graphql(createProductMutation(sku, "4")), "already belongs to another product");
    }

    @Test
    void updateProduct_staleExpectedVersion_errorAndNothingAppended() {
        String id = createProduct("3.00");
        JsonPath updated = graphql("mutation { updateProduct(id: \"%s\", expectedVersion: 0, change: {title: \"New\"}) { id aggregateVersion } }"
                .formatted(id));
        assertThat(updated.getInt("data.updateProduct.aggregateVersion")).isEqualTo(1);
        long before = logHead();
        assertError(before, graphql("mutation { updateProduct(id: \"%s\", expectedVersion: 0, change: {title: \"Old\"}) { aggregateVersion } }"
                .formatted(id)), "is at version 1, not 0");
    }

    @Test
    void discontinueProduct_thenHistory_listsBothEvents() {
        String id = createProduct("3.00");
        JsonPath discontinued = graphql("mutation { discontinueProduct(id: \"%s\") { aggregateVersion } }".formatted(id));
        assertThat(discontinued.getInt("data.discontinueProduct.aggregateVersion")).isEqualTo(1);
        JsonPath history = graphql("{ productHistory(id: \"%s\") { eventId type schemaVersion sequence aggregateId } }".formatted(id));
        assertThat(history.getList("data.productHistory.type")).containsExactly("ProductCreated", "ProductDiscontinued");
        assertThat(history.getList("data.productHistory.sequence", Integer.class)).containsExactly(0, 1);
    }

    @Test
    void placeOrderThenPayOrder_versionsIncrementAndOrderQueryShowsPaid() {
        String product = createProduct("2.50");
        String customer = "cust-" + UUID.randomUUID();
        JsonPath placed = graphql("""
                mutation { placeOrder(order: {customerId: "%s", lines: [{productId: "%s", quantity: 4}]}) { id aggregateVersion } }"""
                .formatted(customer, product));
        assertThat(placed.getList("errors")).isNull();
        String orderId = placed.getString("data.placeOrder.id");
        assertThat(placed.getInt("data.placeOrder.aggregateVersion")).isZero();

        JsonPath paid = graphql("mutation { payOrder(id: \"%s\", expectedVersion: 0) { id aggregateVersion } }".formatted(orderId));
        assertThat(paid.getList("errors")).isNull();
        assertThat(paid.getInt("data.payOrder.aggregateVersion")).isEqualTo(1);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath order = graphql("{ order(id: \"%s\") { id customerId status total { amount currency } aggregateVersion } }"
                    .formatted(orderId));
            assertThat(order.getString("data.order.status")).isEqualTo("PAID");
            assertThat(order.getString("data.order.customerId")).isEqualTo(customer);
            assertThat(new BigDecimal(order.getString("data.order.total.amount"))).isEqualByComparingTo("10.00");
            assertThat(order.getInt("data.order.aggregateVersion")).isEqualTo(1);
        });
    }

    @Test
    void placeOrder_unknownProduct_errorAndNothingAppended() {
        long before = logHead();
        assertError(before, graphql("""
                mutation { placeOrder(order: {customerId: "c-1", lines: [{productId: "%s", quantity: 1}]}) { id } }"""
                .formatted(uniqueSku())), "is not in the catalogue");
    }

    @Test
    void shipOrder_placedOrder_errorIllegalTransitionAndNothingAppended() {
        String orderId = ApiFixtures.placeOrder(createProduct("2.50"));
        long before = logHead();
        assertError(before, graphql("mutation { shipOrder(id: \"%s\") { aggregateVersion } }".formatted(orderId)),
                "cannot ship order");
    }

    @Test
    void cancelOrder_placedOrder_version1() {
        String orderId = ApiFixtures.placeOrder(createProduct("2.50"));
        JsonPath cancelled = graphql("mutation { cancelOrder(id: \"%s\", reason: \"changed mind\") { aggregateVersion } }".formatted(orderId));
        assertThat(cancelled.getList("errors")).isNull();
        assertThat(cancelled.getInt("data.cancelOrder.aggregateVersion")).isEqualTo(1);
    }

    @Test
    void eventsQuery_afterHeadBeforeCreate_returnsProductCreated() {
        long before = logHead();
        String sku = uniqueSku();
        String id = graphql(createProductMutation(sku, "1.25")).getString("data.createProduct.id");
        JsonPath events = graphql("{ events(after: %d, limit: 10) { eventId type schemaVersion aggregateType aggregateId sequence globalIndex payload } }"
                .formatted(before));
        assertThat(events.getList("errors")).isNull();
        assertThat(events.getList("data.events")).hasSize(1);
        assertThat(events.getString("data.events[0].type")).isEqualTo("ProductCreated");
        assertThat(events.getInt("data.events[0].schemaVersion")).isEqualTo(2);
        assertThat(events.getString("data.events[0].aggregateType")).isEqualTo("Product");
        assertThat(events.getString("data.events[0].aggregateId")).isEqualTo(id);
        assertThat(events.getLong("data.events[0].globalIndex")).isGreaterThan(before);
        assertThat(events.getString("data.events[0].payload")).contains(sku);
    }

    @Test
    void productsAndOrdersQueries_listLikeRestWithTheirCursors() {
        String category = "GraphQL lists " + UUID.randomUUID();
        Map<String, Object> body = productBody(uniqueSku(), "2.00", "EUR");
        body.put("category", category + " > Tea");
        String first = createProduct(body);
        body = productBody(uniqueSku(), "2.00", "EUR");
        body.put("category", category);
        String second = createProduct(body);

        JsonPath page = graphql("{ products(category: \"%s\", sort: \"-updatedAt\", limit: 1) { items { id category } nextCursor } }"
                .formatted(category));
        assertThat(page.getList("errors")).isNull();
        assertThat(page.getList("data.products.items.id")).containsExactly(second);
        JsonPath next = graphql("{ products(category: \"%s\", sort: \"-updatedAt\", limit: 1, cursor: \"%s\") { items { id } nextCursor } }"
                .formatted(category, page.getString("data.products.nextCursor")));
        assertThat(next.getList("data.products.items.id")).containsExactly(first);
        assertThat(next.getString("data.products.nextCursor")).isNull();

        String customer = "cust-" + UUID.randomUUID();
        String order = json(orderBody(customer, first, 1)).post("/api/orders").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(graphql(
                "{ orders(customerId: \"%s\", status: \"PLACED\") { items { id status } nextCursor } }".formatted(customer))
                .getList("data.orders.items.id")).containsExactly(order));
    }

    @Test
    void listQueries_badParameters_errorsNameTheRule() {
        JsonPath products = graphql("{ products(limit: 101) { nextCursor } }");
        assertThat(products.getString("errors[0].message")).contains("limit");
        JsonPath orders = graphql("{ orders(status: \"LOST\") { nextCursor } }");
        assertThat(orders.getString("errors[0].message")).contains("status");
        assertThat(orders.getString("errors[0].extensions.rule")).isEqualTo("invalid-parameter");
    }

    @Test
    void eventsQuery_limitZero_errorNamesLimit() {
        JsonPath answer = graphql("{ events(limit: 0) { eventId } }");
        assertThat(answer.getList("errors")).isNotEmpty();
        assertThat(answer.getString("errors[0].message")).contains("limit");
    }

    @Test
    void readsWithANulOrAnOverlongId_areRefusedNamingTheRule_notASystemError() {
        for (String query : new String[] {"{ product(id: \"a\\u0000b\") { id } }",
                "{ order(id: \"%s\") { id } }".formatted("x".repeat(65)), "{ productBySku(sku: \"\\u0007\") { id } }",
                "{ productHistory(id: \"a\\u0000\") { eventId } }"}) {
            JsonPath answer = graphql(query);
            assertThat(answer.getString("errors[0].extensions.rule")).as(query).isIn("control-character", "too-long");
            assertThat(answer.getString("errors[0].message")).as(query).isNotEqualTo("System error");
        }
    }

    @Test
    void freshnessQuery_listsRelayAndRowstore() {
        JsonPath answer = graphql("{ freshness { consumer lagEvents status } }");
        assertThat(answer.getList("data.freshness.consumer")).contains("relay", "rowstore");
    }
}
