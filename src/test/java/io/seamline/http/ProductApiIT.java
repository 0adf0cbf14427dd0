package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.awaitProduct;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.etag;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.placeOrder;
import static io.seamline.http.ApiFixtures.price;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** REST tests for /api/products: every command and read, each refusal as problem+json that appends nothing. */
@QuarkusTest
class ProductApiIT {

    // --- create and read ------------------------------------------------------------------------

    @Test
    void create_validBody_201WithLocationEtagAndVersion0() {
        long before = logHead();
        Response created = json(productBody(uniqueSku(), "19.99", "EUR")).post("/api/products");
        String id = created.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("ETag", etag(0))
                .body("id", notNullValue())
                .body("aggregateVersion", equalTo(0))
                .extract().path("id");
        assertThat(created.header("Location")).endsWith("/api/products/" + id);
        assertThat(ApiFixtures.eventsAfter(before)).as("one ProductCreated appended")
                .singleElement().satisfies(e -> {
                    assertThat(e.get("type")).isEqualTo("ProductCreated");
                    assertThat(e.get("aggregateId")).isEqualTo(id);
                });
    }

    @Test
    void create_thenRead_byIdAndBySkuEventuallyEqual() {
        String sku = uniqueSku();
        String id = json(productBody(sku, "19.99", "EUR")).post("/api/products")
                .then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/products/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("sku", equalTo(sku))
                .body("title", equalTo("Kettle " + sku))
                .body("description", equalTo("Stainless steel, 1.7 l"))
                .body("category", equalTo("Home & Kitchen > Kettles"))
                .body("price.amount", comparesEqualTo(new BigDecimal("19.99")))
                .body("price.currency", equalTo("EUR"))
                .body("attributes.color", equalTo("silver"))
                .body("attributes.brand", equalTo("Hearthline"))
                .body("discontinued", equalTo(false))
                .body("aggregateVersion", equalTo(0)));
        String byId = api().get("/api/products/" + id).then().statusCode(200).extract().asString();
        String bySku = api().queryParam("sku", sku).get("/api/products").then().statusCode(200).extract().asString();
        assertThat(new JsonPath(bySku).getMap("")).isEqualTo(new JsonPath(byId).getMap(""));
    }

    @Test
    void create_lowerCaseCurrency_storedUpperCase() {
        Map<String, Object> body = productBody(uniqueSku(), "5", "usd");
        String id = createProduct(body);
        api().get("/api/products/" + id).then().statusCode(200)
                .body("price.currency", equalTo("USD"))
                .body("price.amount", comparesEqualTo(new BigDecimal("5.00")));
    }

    @Test
    void bySku_unknownSku_404() {
        assertRefused(404, "not-found", null,
                () -> api().queryParam("sku", uniqueSku()).get("/api/products"));
    }

    @Test
    void bySku_blankSku_400Required() {
        assertRefused(400, "required", "sku", () -> api().queryParam("sku", "").get("/api/products"));
    }

    // --- create refused ---------------------------------------------------------------------------

    @Test
    void create_malformedJson_400MalformedJson() {
        assertRefused(400, "malformed-json", null, () -> api().contentType(ContentType.JSON)
                .body("{\"sku\": \"A-1\", \"title\": ").post("/api/products"));
    }

    @Test
    void create_priceAmountNotANumber_400NamingField() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("price", Map.of("amount", "abc", "currency", "EUR"));
        assertRefused(400, "malformed-json", "price.amount", () -> json(body).post("/api/products"));
    }

    @Test
    void create_zeroPrice_400PricePositive() {
        assertRefused(400, "price-positive", "price.amount",
                () -> json(productBody(uniqueSku(), "0", "EUR")).post("/api/products"));
    }

    @Test
    void create_negativePrice_400PricePositive() {
        assertRefused(400, "price-positive", "price.amount",
                () -> json(productBody(uniqueSku(), "-1.50", "EUR")).post("/api/products"));
    }

    @Test
    void create_priceWithThreeDecimals_400AmountPrecision() {
        assertRefused(400, "amount-precision", "price.amount",
                () -> json(productBody(uniqueSku(), "1.005", "EUR")).post("/api/products"));
    }

    @Test
    void create_priceTooLarge_400TooLarge() {
        assertRefused(400, "too-large", "price.amount",
                () -> json(productBody(uniqueSku(), "1000000000", "EUR")).post("/api/products"));
    }

    @Test
    void create_invalidCurrency_400CurrencyInvalid() {
        assertRefused(400, "currency-invalid", "price.currency",
                () -> json(productBody(uniqueSku(), "1", "EURO")).post("/api/products"));
    }

    @Test
    void create_missingPrice_400Required() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.remove("price");
        assertRefused(400, "required", "price", () -> json(body).post("/api/products"));
    }

    @Test
    void create_missingTitle_400Required() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.remove("title");
        assertRefused(400, "required", "title", () -> json(body).post("/api/products"));
    }

    @Test
    void create_blankTitle_400Required() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("title", "   ");
        assertRefused(400, "required", "title", () -> json(body).post("/api/products"));
    }

    @Test
    void create_title501Chars_400TooLong() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("title", "t".repeat(501));
        assertRefused(400, "too-long", "title", () -> json(body).post("/api/products"));
    }

    @Test
    void create_title500Chars_201() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("title", "t".repeat(500));
        json(body).post("/api/products").then().statusCode(201);
    }

    @Test
    void create_descriptionTooLong_400TooLong() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("description", "d".repeat(10_001));
        assertRefused(400, "too-long", "description", () -> json(body).post("/api/products"));
    }

    @Test
    void create_categoryTooLong_400TooLong() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("category", "c".repeat(501));
        assertRefused(400, "too-long", "category", () -> json(body).post("/api/products"));
    }

    @Test
    void create_51Attributes_400TooMany() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            attributes.put("k" + i, "v" + i);
        }
        body.put("attributes", attributes);
        assertRefused(400, "too-many", "attributes", () -> json(body).post("/api/products"));
    }

    @Test
    void create_attributeValueTooLong_400TooLong() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("attributes", Map.of("color", "x".repeat(501)));
        assertRefused(400, "too-long", "attributes.color", () -> json(body).post("/api/products"));
    }

    @Test
    void create_duplicateSku_409SkuUniqueAndSecondNotAppended() {
        String sku = uniqueSku();
        json(productBody(sku, "1", "EUR")).post("/api/products").then().statusCode(201);
        assertRefused(409, "sku-unique", "sku", () -> json(productBody(sku, "2", "EUR")).post("/api/products"));
    }

    @Test
    void create_skuWithSpaces_400SkuFormat() {
        assertRefused(400, "sku-format", "sku",
                () -> json(productBody("bad sku!", "1", "EUR")).post("/api/products"));
    }

    @Test
    void create_skuTooLong_400TooLong() {
        assertRefused(400, "too-long", "sku",
                () -> json(productBody("S".repeat(65), "1", "EUR")).post("/api/products"));
    }

    @Test
    void create_missingSku_400Required() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.remove("sku");
        assertRefused(400, "required", "sku", () -> json(body).post("/api/products"));
    }

    @Test
    void create_emptyBody_400Required() {
        assertRefused(400, "required", "body",
                () -> api().contentType(ContentType.JSON).post("/api/products"));
    }

    @Test
    void create_bodyOver256KiB_413Problem() {
        Map<String, Object> body = productBody(uniqueSku(), "1", "EUR");
        body.put("description", "d".repeat(300 * 1024));
        assertRefused(413, "body-too-large", null, () -> json(body).post("/api/products"));
    }

    @Test
    void create_textPlainBody_415Problem() {
        // text/plain is what a page on another site can post without asking: refused before it reaches the resource
        assertRefused(415, "cross-site-simple-request", "Content-Type",
                () -> api().contentType(ContentType.TEXT).body("hello").post("/api/products"));
    }

    @Test
    void create_xmlBody_415Problem() {
        assertRefused(415, "http-415", null,
                () -> api().contentType(ContentType.XML).body("<product/>").post("/api/products"));
    }

    // --- update ------------------------------------------------------------------------------------

    @Test
    void patch_withoutIfMatch_200VersionIncrementsAndRowStoreFollows() {
        String id = createProduct("10.00");
        json(Map.of("title", "Renamed kettle", "price", price("12.50", "EUR")))
                .patch("/api/products/" + id)
                .then().statusCode(200).header("ETag", etag(1))
                .body("id", equalTo(id)).body("aggregateVersion", equalTo(1));
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/products/" + id)
                .then().statusCode(200)
                .body("title", equalTo("Renamed kettle"))
                .body("price.amount", comparesEqualTo(new BigDecimal("12.50")))
                .body("aggregateVersion", equalTo(1)));
    }

    @Test
    void patch_withMatchingIfMatch_200VersionIncrements() {
        String id = createProduct("10.00");
        json(Map.of("description", "first")).header("If-Match", "0").patch("/api/products/" + id)
                .then().statusCode(200).header("ETag", etag(1)).body("aggregateVersion", equalTo(1));
        json(Map.of("description", "second")).header("If-Match", "\"1\"").patch("/api/products/" + id)
                .then().statusCode(200).header("ETag", etag(2)).body("aggregateVersion", equalTo(2));
        awaitProduct(id, 2);
        api().get("/api/products/" + id).then().body("description", equalTo("second"));
    }

    @Test
    void patch_attributes_replaceTheWholeMap() {
        String id = createProduct("10.00");
        json(Map.of("attributes", Map.of("material", "glass"))).patch("/api/products/" + id)
                .then().statusCode(200).body("aggregateVersion", equalTo(1));
        awaitProduct(id, 1);
        api().get("/api/products/" + id).then()
                .body("attributes", equalTo(Map.of("material", "glass")));
    }

    @Test
    void patch_noActualChange_200SameVersionNothingAppended() {
        Map<String, Object> body = productBody(uniqueSku(), "10.00", "EUR");
        String id = createProduct(body);
        long before = logHead();
        json(Map.of("title", body.get("title"))).patch("/api/products/" + id)
                .then().statusCode(200).header("ETag", etag(0)).body("aggregateVersion", equalTo(0));
        assertThat(logHead()).isEqualTo(before);
    }

    @Test
    void patch_staleIfMatch_409VersionMismatch() {
        String id = createProduct("10.00");
        json(Map.of("title", "v1")).patch("/api/products/" + id).then().statusCode(200);
        var refused = assertRefused(409, "version-mismatch", "If-Match",
                () -> json(Map.of("title", "stale")).header("If-Match", "0").patch("/api/products/" + id));
        assertThat(ApiFixtures.problemBody(refused).getString("detail")).contains("version 1").contains("not 0");
    }

    @Test
    void patch_ifMatchAheadOfAggregate_409VersionMismatch() {
        String id = createProduct("10.00");
        assertRefused(409, "version-mismatch", "If-Match",
                () -> json(Map.of("title", "future")).header("If-Match", "5").patch("/api/products/" + id));
    }

    @Test
    void patch_malformedIfMatch_400IfMatchInvalid() {
        String id = createProduct("10.00");
        assertRefused(400, "if-match-invalid", "If-Match",
                () -> json(Map.of("title", "x")).header("If-Match", "abc").patch("/api/products/" + id));
    }

    @Test
    void patch_negativeIfMatch_400IfMatchInvalid() {
        String id = createProduct("10.00");
        assertRefused(400, "if-match-invalid", "If-Match",
                () -> json(Map.of("title", "x")).header("If-Match", "-1").patch("/api/products/" + id));
    }

    @Test
    void patch_sku_400SkuImmutable() {
        String id = createProduct("10.00");
        assertRefused(400, "sku-immutable", "sku",
                () -> json(Map.of("sku", uniqueSku())).patch("/api/products/" + id));
    }

    @Test
    void patch_blankTitle_400Required() {
        String id = createProduct("10.00");
        assertRefused(400, "required", "title", () -> json(Map.of("title", " ")).patch("/api/products/" + id));
    }

    @Test
    void patch_titleTooLong_400TooLong() {
        String id = createProduct("10.00");
        assertRefused(400, "too-long", "title",
                () -> json(Map.of("title", "t".repeat(501))).patch("/api/products/" + id));
    }

    @Test
    void patch_zeroPrice_400PricePositive() {
        String id = createProduct("10.00");
        assertRefused(400, "price-positive", "price.amount",
                () -> json(Map.of("price", price("0", "EUR"))).patch("/api/products/" + id));
    }

    @Test
    void patch_51Attributes_400TooMany() {
        String id = createProduct("10.00");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            attributes.put("k" + i, "v");
        }
        assertRefused(400, "too-many", "attributes",
                () -> json(Map.of("attributes", attributes)).patch("/api/products/" + id));
    }

    @Test
    void patch_malformedJson_400MalformedJson() {
        String id = createProduct("10.00");
        assertRefused(400, "malformed-json", null,
                () -> api().contentType(ContentType.JSON).body("{title:").patch("/api/products/" + id));
    }

    @Test
    void patch_emptyBody_400Required() {
        String id = createProduct("10.00");
        assertRefused(400, "required", "body",
                () -> api().contentType(ContentType.JSON).patch("/api/products/" + id));
    }

    // --- discontinue -------------------------------------------------------------------------------

    @Test
    void delete_thenPatch_409ProductDiscontinuedAndRowShowsDiscontinued() {
        String id = createProduct("10.00");
        api().delete("/api/products/" + id)
                .then().statusCode(200).header("ETag", etag(1)).body("id", equalTo(id)).body("aggregateVersion", equalTo(1));
        assertRefused(409, "product-discontinued", null,
                () -> json(Map.of("title", "too late")).patch("/api/products/" + id));
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/products/" + id)
                .then().statusCode(200)
                .body("discontinued", equalTo(true))
                .body("discontinuedAt", notNullValue())
                .body("aggregateVersion", equalTo(1)));
    }

    @Test
    void delete_twice_409ProductDiscontinued() {
        String id = createProduct("10.00");
        api().delete("/api/products/" + id).then().statusCode(200);
        assertRefused(409, "product-discontinued", null, () -> api().delete("/api/products/" + id));
    }

    @Test
    void delete_withMatchingIfMatch_200() {
        String id = createProduct("10.00");
        api().header("If-Match", "0").delete("/api/products/" + id)
                .then().statusCode(200).body("aggregateVersion", equalTo(1));
    }

    @Test
    void delete_staleIfMatch_409VersionMismatch() {
        String id = createProduct("10.00");
        json(Map.of("title", "v1")).patch("/api/products/" + id).then().statusCode(200);
        assertRefused(409, "version-mismatch", "If-Match",
                () -> api().header("If-Match", "0").delete("/api/products/" + id));
    }

    @Test
    void delete_malformedIfMatch_400IfMatchInvalid() {
        String id = createProduct("10.00");
        assertRefused(400, "if-match-invalid", "If-Match",
                () -> api().header("If-Match", "v1").delete("/api/products/" + id));
    }

    // --- history -----------------------------------------------------------------------------------

    @Test
    void history_createdUpdatedDiscontinued_oldestFirstWithDistinctIds() {
        String id = createProduct("10.00");
        json(Map.of("title", "Renamed")).patch("/api/products/" + id).then().statusCode(200);
        api().delete("/api/products/" + id).then().statusCode(200);
        JsonPath history = api().get("/api/products/" + id + "/history")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(history.getList("type")).containsExactly("ProductCreated", "ProductUpdated", "ProductDiscontinued");
        assertThat(history.getList("sequence", Integer.class)).containsExactly(0, 1, 2);
        assertThat(history.getInt("[0].schemaVersion")).isEqualTo(2);
        assertThat(history.getString("[0].payload.productId")).isEqualTo(id);
        assertThat(history.getString("[1].payload.title")).isEqualTo("Renamed");
        List<String> eventIds = history.getList("eventId");
        Set<String> distinct = new HashSet<>(eventIds);
        assertThat(distinct).hasSize(3).doesNotContainNull();
        assertThat(history.getList("timestamp")).doesNotContainNull();
    }

    // --- unknown product ---------------------------------------------------------------------------

    @Test
    void get_unknownProduct_404() {
        assertRefused(404, "not-found", null, () -> api().get("/api/products/" + uniqueSku()));
    }

    @Test
    void patch_unknownProduct_404() {
        assertRefused(404, "not-found", null,
                () -> json(Map.of("title", "x")).patch("/api/products/" + uniqueSku()));
    }

    @Test
    void delete_unknownProduct_404() {
        assertRefused(404, "not-found", null, () -> api().delete("/api/products/" + uniqueSku()));
    }

    @Test
    void history_unknownProduct_404() {
        assertRefused(404, "not-found", null, () -> api().get("/api/products/" + uniqueSku() + "/history"));
    }

    @Test
    void history_idOfAnOrder_404() {
        String orderId = placeOrder(createProduct("3.00"));
        assertRefused(404, "not-found", null, () -> api().get("/api/products/" + orderId + "/history"));
    }

    @Test
    void patch_idOfAnOrder_404() {
        String orderId = placeOrder(createProduct("3.00"));
        assertRefused(404, "not-found", null,
                () -> json(Map.of("title", "x")).patch("/api/products/" + orderId));
    }

    @Test
    void get_idOfAnOrder_404() {
        String orderId = placeOrder(createProduct("3.00"));
        assertRefused(404, "not-found", null, () -> api().get("/api/products/" + orderId));
    }

    @Test
    void unknownPath_underApi_404Problem() {
        assertRefused(404, "not-found", null, () -> api().get("/api/no-such-thing"));
    }
}
