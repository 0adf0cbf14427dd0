package io.seamline.http;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.seamline.support.TestIssuer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.discontinue;
import static io.seamline.http.ApiFixtures.etag;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.placeOrder;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** REST tests for /api/orders: placing (priced from the catalogue), paying, shipping, cancelling, and every refusal. */
@QuarkusTest
class OrderApiIT {

    @TestHTTPResource("/")
    URI base;

    private static String customer() {
        return "cust-" + UUID.randomUUID();
    }

    private static void awaitOrder(String id, String status, int version) {
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/orders/" + id)
                .then().statusCode(200).body("status", equalTo(status)).body("aggregateVersion", equalTo(version)));
    }

    // --- place -------------------------------------------------------------------------------------

    @Test
    void place_twoLines_201AndTotalIsSumOfCataloguePriceTimesQuantity() {
        String kettle = createProduct("19.99");
        String mug = createProduct("5.50");
        String customer = customer();
        long before = logHead();
        Response placed = json(orderBody(customer, kettle, 1, mug, 3)).post("/api/orders");
        String id = placed.then().statusCode(201).contentType(ContentType.JSON)
                .header("ETag", etag(0)).body("aggregateVersion", equalTo(0)).body("id", notNullValue())
                .extract().path("id");
        assertThat(placed.header("Location")).endsWith("/api/orders/" + id);
        assertThat(ApiFixtures.eventsAfter(before)).as("one OrderPlaced appended")
                .singleElement().satisfies(e -> {
                    assertThat(e.get("type")).isEqualTo("OrderPlaced");
                    assertThat(e.get("aggregateType")).isEqualTo("Order");
                    assertThat(e.get("aggregateId")).isEqualTo(id);
                });

        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/orders/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("customerId", equalTo(customer))
                .body("status", equalTo("PLACED"))
                .body("aggregateVersion", equalTo(0))
                .body("placedAt", notNullValue())
                .body("lines", hasSize(2))
                .body("lines[0].productId", equalTo(kettle))
                .body("lines[0].title", notNullValue())
                .body("lines[0].quantity", equalTo(1))
                .body("lines[0].unitPrice.amount", comparesEqualTo(new BigDecimal("19.99")))
                .body("lines[0].unitPrice.currency", equalTo("EUR"))
                .body("lines[1].productId", equalTo(mug))
                .body("lines[1].quantity", equalTo(3))
                .body("lines[1].unitPrice.amount", comparesEqualTo(new BigDecimal("5.50")))
                .body("total.amount", comparesEqualTo(new BigDecimal("36.49")))
                .body("total.currency", equalTo("EUR"))
                .body("cancelReason", nullValue()));
    }

    @Test
    void read_moneyIsAnAmountToTheCentWithItsCurrency_andTheAnswerCarriesTheAggregateVersionAsETag() {
        String product = createProduct("190.00");
        String id = placeOrder(product);
        awaitOrder(id, "PLACED", 0);
        String order = api().get("/api/orders/" + id).then().statusCode(200).header("ETag", etag(0))
                .extract().asString();
        assertThat(order).contains("\"unitPrice\":{\"amount\":190.00,\"currency\":\"EUR\"}")
                .contains("\"total\":{\"amount\":190.00,\"currency\":\"EUR\"}");
        api().header("If-None-Match", "\"0\"").get("/api/orders/" + id).then().statusCode(304);
        api().header("If-None-Match", "\"1\"").get("/api/orders/" + id).then().statusCode(200);
        for (String payloads : List.of("/api/products/" + product + "/history", "/api/events?aggregateId=" + product,
                "/api/events?aggregateId=" + id)) {
            assertThat(api().get(payloads).then().statusCode(200).extract().asString()).as(payloads)
                    .contains("\"amount\":190.00").doesNotContainPattern("\"amount\":[0-9.]+[eE]");
        }
    }

    @Test
    void place_afterPriceChange_usesNewCataloguePrice() {
        String product = createProduct("10.00");
        json(Map.of("price", Map.of("amount", 12.25, "currency", "EUR"))).patch("/api/products/" + product)
                .then().statusCode(200);
        ApiFixtures.awaitProduct(product, 1);
        String id = json(orderBody(customer(), product, 2)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/orders/" + id)
                .then().statusCode(200)
                .body("lines[0].unitPrice.amount", comparesEqualTo(new BigDecimal("12.25")))
                .body("total.amount", comparesEqualTo(new BigDecimal("24.50"))));
    }

    @Test
    void place_unknownProduct_400ProductUnknown() {
        assertRefused(400, "product-unknown", "lines[0].productId",
                () -> json(orderBody(customer(), uniqueSku(), 1)).post("/api/orders"));
    }

    @Test
    void place_unknownProductOnSecondLine_400NamingSecondLine() {
        String product = createProduct("1.00");
        assertRefused(400, "product-unknown", "lines[1].productId",
                () -> json(orderBody(customer(), product, 1, uniqueSku(), 1)).post("/api/orders"));
    }

    @Test
    void place_discontinuedProduct_409ProductDiscontinued() {
        String product = createProduct("1.00");
        discontinue(product);
        assertRefused(409, "product-discontinued", "lines[0].productId",
                () -> json(orderBody(customer(), product, 1)).post("/api/orders"));
    }

    @Test
    void place_quantityZero_400QuantityPositive() {
        String product = createProduct("1.00");
        assertRefused(400, "quantity-positive", "lines[0].quantity",
                () -> json(orderBody(customer(), product, 0)).post("/api/orders"));
    }

    @Test
    void place_quantityNegative_400QuantityPositive() {
        String product = createProduct("1.00");
        assertRefused(400, "quantity-positive", "lines[0].quantity",
                () -> json(orderBody(customer(), product, -2)).post("/api/orders"));
    }

    @Test
    void place_quantityAboveLimit_400TooLarge() {
        String product = createProduct("1.00");
        assertRefused(400, "too-large", "lines[0].quantity",
                () -> json(orderBody(customer(), product, 10_001)).post("/api/orders"));
    }

    @Test
    void place_quantityMissing_400Required() {
        String product = createProduct("1.00");
        Map<String, Object> body = Map.of("customerId", customer(), "lines", List.of(Map.of("productId", product)));
        assertRefused(400, "required", "lines[0].quantity", () -> json(body).post("/api/orders"));
    }

    @Test
    void place_quantityNotANumber_400NamingField() {
        String product = createProduct("1.00");
        Map<String, Object> body = Map.of("customerId", customer(),
                "lines", List.of(Map.of("productId", product, "quantity", "abc")));
        assertRefused(400, "malformed-json", "lines[0].quantity", () -> json(body).post("/api/orders"));
    }

    @Test
    void place_missingProductId_400Required() {
        Map<String, Object> body = Map.of("customerId", customer(), "lines", List.of(Map.of("quantity", 1)));
        assertRefused(400, "required", "lines[0].productId", () -> json(body).post("/api/orders"));
    }

    @Test
    void place_101Lines_400TooMany() {
        String product = createProduct("1.00");
        Object[] lines = new Object[202];
        for (int i = 0; i < 101; i++) {
            lines[2 * i] = product;
            lines[2 * i + 1] = 1;
        }
        assertRefused(400, "too-many", "lines", () -> json(orderBody(customer(), lines)).post("/api/orders"));
    }

    @Test
    void place_100Lines_201() {
        String product = createProduct("1.00");
        Object[] lines = new Object[200];
        for (int i = 0; i < 100; i++) {
            lines[2 * i] = product;
            lines[2 * i + 1] = 1;
        }
        String id = json(orderBody(customer(), lines)).post("/api/orders").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/orders/" + id)
                .then().statusCode(200).body("lines", hasSize(100))
                .body("total.amount", comparesEqualTo(new BigDecimal("100.00"))));
    }

    @Test
    void place_emptyLines_400Required() {
        assertRefused(400, "required", "lines",
                () -> json(Map.of("customerId", customer(), "lines", List.of())).post("/api/orders"));
    }

    @Test
    void place_missingLines_400Required() {
        assertRefused(400, "required", "lines",
                () -> json(Map.of("customerId", customer())).post("/api/orders"));
    }

    @Test
    void place_missingCustomerId_400Required() {
        String product = createProduct("1.00");
        assertRefused(400, "required", "customerId",
                () -> json(Map.of("lines", List.of(Map.of("productId", product, "quantity", 1)))).post("/api/orders"));
    }

    @Test
    void place_customerIdTooLong_400TooLong() {
        String product = createProduct("1.00");
        assertRefused(400, "too-long", "customerId",
                () -> json(orderBody("c".repeat(65), product, 1)).post("/api/orders"));
    }

    @Test
    void place_linesInTwoCurrencies_400SingleCurrency() {
        String euro = createProduct("1.00");
        String dollar = createProduct(productBody(uniqueSku(), "1.00", "USD"));
        assertRefused(400, "single-currency", "lines",
                () -> json(orderBody(customer(), euro, 1, dollar, 1)).post("/api/orders"));
    }

    @Test
    void place_malformedJson_400MalformedJson() {
        assertRefused(400, "malformed-json", null,
                () -> api().contentType(ContentType.JSON).body("{\"customerId\": ").post("/api/orders"));
    }

    @Test
    void place_customerIdAnArray_400NamingField() {
        assertRefused(400, "malformed-json", "customerId",
                () -> api().contentType(ContentType.JSON).body("{\"customerId\": [1], \"lines\": []}").post("/api/orders"));
    }

    @Test
    void place_linesNotAList_400NamingField() {
        assertRefused(400, "malformed-json", "lines",
                () -> api().contentType(ContentType.JSON).body("{\"customerId\": \"c\", \"lines\": 5}").post("/api/orders"));
    }

    @Test
    void place_emptyBody_400Required() {
        assertRefused(400, "required", "body", () -> api().contentType(ContentType.JSON).post("/api/orders"));
    }

    @Test
    void place_bodyOver256KiB_413Problem() {
        String padding = "c".repeat(300 * 1024);
        assertRefused(413, "body-too-large", null,
                () -> json(orderBody(padding, "p", 1)).post("/api/orders"));
    }

    // --- pay, ship, cancel -------------------------------------------------------------------------

    @Test
    void payThenShip_withIfMatch_versionsIncrementAndRowShowsShipped() {
        String id = placeOrder(createProduct("4.00"));
        command().header("If-Match", "0").post("/api/orders/" + id + "/pay")
                .then().statusCode(200).header("ETag", etag(1)).body("id", equalTo(id)).body("aggregateVersion", equalTo(1));
        command().header("If-Match", "1").post("/api/orders/" + id + "/ship")
                .then().statusCode(200).header("ETag", etag(2)).body("aggregateVersion", equalTo(2));
        awaitOrder(id, "SHIPPED", 2);
    }

    @Test
    void payThenShip_withoutIfMatch_200() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/pay").then().statusCode(200).body("aggregateVersion", equalTo(1));
        awaitOrder(id, "PAID", 1);
        command().post("/api/orders/" + id + "/ship").then().statusCode(200).body("aggregateVersion", equalTo(2));
        awaitOrder(id, "SHIPPED", 2);
    }

    @Test
    void pay_withoutContentTypeAsCurlSends_200() throws Exception {
        String id = placeOrder(createProduct("4.00"));
        HttpResponse<String> paid = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/api/orders/" + id + "/pay")).header("If-Match", "0")
                        .header("Authorization", "Bearer " + TestIssuer.allRoles())
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.headers().firstValue("ETag")).hasValue("\"1\"");
    }

    @Test
    void cancel_placedOrderWithReason_200AndRowShowsCancelled() {
        String id = placeOrder(createProduct("4.00"));
        json(Map.of("reason", "customer changed their mind")).post("/api/orders/" + id + "/cancel")
                .then().statusCode(200).header("ETag", etag(1)).body("aggregateVersion", equalTo(1));
        awaitOrder(id, "CANCELLED", 1);
        api().get("/api/orders/" + id).then().body("cancelReason", equalTo("customer changed their mind"));
    }

    @Test
    void cancel_paidOrderWithoutBody_200() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/pay").then().statusCode(200);
        command().header("If-Match", "1").post("/api/orders/" + id + "/cancel")
                .then().statusCode(200).body("aggregateVersion", equalTo(2));
        awaitOrder(id, "CANCELLED", 2);
    }

    @Test
    void cancel_reasonTooLong_400TooLong() {
        String id = placeOrder(createProduct("4.00"));
        assertRefused(400, "too-long", "reason",
                () -> json(Map.of("reason", "r".repeat(501))).post("/api/orders/" + id + "/cancel"));
    }

    @Test
    void cancel_shippedOrder_409IllegalTransition() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/pay").then().statusCode(200);
        command().post("/api/orders/" + id + "/ship").then().statusCode(200);
        assertRefused(409, "illegal-transition", null, () -> command().post("/api/orders/" + id + "/cancel"));
    }

    @Test
    void ship_placedOrder_409IllegalTransition() {
        String id = placeOrder(createProduct("4.00"));
        assertRefused(409, "illegal-transition", null, () -> command().post("/api/orders/" + id + "/ship"));
    }

    @Test
    void pay_paidOrder_409IllegalTransition() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/pay").then().statusCode(200);
        assertRefused(409, "illegal-transition", null, () -> command().post("/api/orders/" + id + "/pay"));
    }

    @Test
    void pay_cancelledOrder_409IllegalTransition() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/cancel").then().statusCode(200);
        assertRefused(409, "illegal-transition", null, () -> command().post("/api/orders/" + id + "/pay"));
    }

    @Test
    void cancel_cancelledOrder_409IllegalTransition() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/cancel").then().statusCode(200);
        assertRefused(409, "illegal-transition", null, () -> command().post("/api/orders/" + id + "/cancel"));
    }

    @Test
    void pay_staleIfMatch_409VersionMismatch() {
        String id = placeOrder(createProduct("4.00"));
        command().post("/api/orders/" + id + "/pay").then().statusCode(200);
        assertRefused(409, "version-mismatch", "If-Match",
                () -> command().header("If-Match", "0").post("/api/orders/" + id + "/ship"));
    }

    @Test
    void pay_malformedIfMatch_400IfMatchInvalid() {
        String id = placeOrder(createProduct("4.00"));
        assertRefused(400, "if-match-invalid", "If-Match",
                () -> command().header("If-Match", "zero").post("/api/orders/" + id + "/pay"));
    }

    @Test
    void pay_unknownOrder_404() {
        assertRefused(404, "not-found", null, () -> command().post("/api/orders/" + UUID.randomUUID() + "/pay"));
    }

    @Test
    void ship_unknownOrder_404() {
        assertRefused(404, "not-found", null, () -> command().post("/api/orders/" + UUID.randomUUID() + "/ship"));
    }

    @Test
    void cancel_unknownOrder_404() {
        assertRefused(404, "not-found", null, () -> command().post("/api/orders/" + UUID.randomUUID() + "/cancel"));
    }

    @Test
    void get_unknownOrder_404() {
        assertRefused(404, "not-found", null, () -> api().get("/api/orders/" + UUID.randomUUID()));
    }

    @Test
    void pay_productIdInsteadOfOrderId_404() {
        String product = createProduct("4.00");
        assertRefused(404, "not-found", null, () -> command().post("/api/orders/" + product + "/pay"));
    }
}
