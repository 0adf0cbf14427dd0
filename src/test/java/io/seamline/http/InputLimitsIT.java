package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertGoodErrorOrSuccess;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.chunked;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inputs at the edge of what the REST API holds: numbers that would lose something, currencies, bodies over the
 * limit that declare no length, and searches too large for one Lucene query. Each is refused with a problem
 * naming the rule and field, and nothing is appended.
 */
@QuarkusTest
class InputLimitsIT {

    private static Map<String, Object> orderWithQuantity(String product, Object quantity) {
        return Map.of("customerId", "cust-" + UUID.randomUUID(), "lines", List.of(Map.of("productId", product,
                "quantity", quantity)));
    }

    /** The raw JSON of an order with one line, so the number is sent exactly as written. */
    private static String rawOrder(String product, String quantity) {
        return "{\"customerId\": \"cust-1\", \"lines\": [{\"productId\": \"" + product + "\", \"quantity\": " + quantity + "}]}";
    }

    // --- numbers are never coerced ------------------------------------------------------------------

    @Test
    void aFractionalQuantity_400NamingTheField_notTruncatedTo2() {
        String product = createProduct("1.00");
        assertRefused(400, "malformed-json", "lines[0].quantity", () -> api().contentType(ContentType.JSON)
                .body(rawOrder(product, "2.9")).post("/api/orders"))
                .body("detail", containsString("whole number"));
    }

    @Test
    void quantitiesTooLargeOrWrittenAsFractions_400NamingTheField() {
        String product = createProduct("1.00");
        for (String quantity : List.of("1e30", "2.0", "1e2", "2147483648", "99999999999999999999999", "-0.5", "\"2.9\"")) {
            assertRefused(400, "malformed-json", "lines[0].quantity", () -> api().contentType(ContentType.JSON)
                    .body(rawOrder(product, quantity)).post("/api/orders"));
        }
    }

    @Test
    void aWholeQuantityAsAString_isStillAccepted() {
        String product = createProduct("1.00");
        json(orderWithQuantity(product, "2")).post("/api/orders").then().statusCode(201);
    }

    @Test
    void anIfMatchBeyondLong_400NamingTheHeader() {
        String product = createProduct("1.00");
        assertRefused(400, "if-match-invalid", "If-Match", () -> json(Map.of("title", "New"))
                .header("If-Match", "99999999999999999999").patch("/api/products/" + product));
    }

    // --- a NUL character in a path or query: nothing holds one -----------------------------------------

    @Test
    void aNulInAPathOrQuery_400NamingWhere_insteadOfAFailedLookup() {
        assertProblem(api().urlEncodingEnabled(false).get("/api/products/a%00b"), 400, "nul-character", "path");
        assertProblem(api().urlEncodingEnabled(false).get("/api/products?sku=%00"), 400, "nul-character", "sku");
        assertRefused(400, "nul-character", "path", () -> api().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .post("/api/orders/%00/pay"));
        assertProblem(api().urlEncodingEnabled(false).get("/api/search?mode=bm25&q=kettle%00"), 400, "nul-character", "q");
    }

    // --- currencies and their decimals ---------------------------------------------------------------

    @Test
    void aCurrencyOutsideIso4217_400NamingTheCurrency() {
        for (String currency : List.of("XYZ", "ABC", "XAU", "XXX")) {
            assertRefused(400, "currency-invalid", "price.currency",
                    () -> json(productBody(uniqueSku(), "1", currency)).post("/api/products"));
        }
    }

    @Test
    void yenWithAFraction_400AmountPrecision_notRounded() {
        assertRefused(400, "amount-precision", "price.amount",
                () -> json(productBody(uniqueSku(), "1500.5", "JPY")).post("/api/products"))
                .body("detail", containsString("JPY amounts take no decimals"));
    }

    @Test
    void aLowerCaseCode_isStoredInCapitals() {
        String id = createProduct(productBody(uniqueSku(), "1500", "jpy"));
        api().get("/api/products/" + id).then().statusCode(200).body("price.currency", equalTo("JPY"));
    }

    // --- bodies over the limit without a Content-Length ----------------------------------------------

    private static byte[] productJson(String description) {
        return ("{\"sku\": \"" + uniqueSku() + "\", \"title\": \"Kettle\", \"description\": \"" + description
                + "\", \"price\": {\"amount\": 3.5, \"currency\": \"EUR\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChunkedBodyOverTheLimit_413Problem_andNothingAppended() {
        long before = logHead();
        for (String[] request : List.of(new String[]{"POST", "/api/products"}, new String[]{"POST", "/api/orders"},
                new String[]{"PATCH", "/api/products/" + UUID.randomUUID()})) {
            HttpResponse<String> response = chunked(request[0], request[1], productJson("d".repeat(300 * 1024)),
                    "Content-Type", "application/json");
            assertEquals(413, response.statusCode(), request[1] + ": " + response.body());
            assertGoodErrorOrSuccess("chunked " + request[0] + " " + request[1], response);
            assertEquals("body-too-large", new JsonPath(response.body()).getString("rule"));
        }
        assertEquals(before, logHead());
    }

    @Test
    void aChunkedBodyUnderTheLimit_isAccepted() {
        HttpResponse<String> response = chunked("POST", "/api/products", productJson("d".repeat(RequestLimits.DESCRIPTION)),
                "Content-Type", "application/json");
        assertEquals(201, response.statusCode(), response.body());
    }

    // --- searches too large for one Lucene query ----------------------------------------------------

    private static String cjk(int characters) {
        return IntStream.range(0, characters).mapToObj(i -> String.valueOf((char) (0x4E00 + i * 7)))
                .collect(Collectors.joining());
    }

    private static Response search(String q, String mode) {
        return api().queryParam("q", q).queryParam("mode", mode).get("/api/search");
    }

    @Test
    void a300CharacterCjkQuery_400QueryTooComplex_inEveryModeThatAsksLucene() {
        for (String mode : List.of("bm25", "hybrid")) {
            assertProblem(search(cjk(300), mode), 400, "query-too-complex", "q")
                    .body("detail", containsString("300 words"));
        }
        // meaning alone asks no Lucene query: the same text is answered
        search(cjk(300), "vector").then().statusCode(200);
    }

    @Test
    void manyWords_400_butAsManyAsFit_areAnswered() {
        String word = "ox "; // short, so 129 of them stay under the 512 characters a query may have
        assertProblem(search(word.repeat(129), "bm25"), 400, "query-too-complex", "q");
        search(word.repeat(128), "bm25").then().statusCode(200);
        search(cjk(128), "hybrid").then().statusCode(200);
    }

    @Test
    void onlyControlCharacters_400QueryRequired() {
        assertProblem(api().urlEncodingEnabled(false).get("/api/search?q=%01%02%1F&mode=hybrid"), 400, "query-required", "q");
    }

    @Test
    void longTokens_areAnswered() {
        search("k".repeat(500), "bm25").then().statusCode(200);
        search("kettle " + "\u00e9".repeat(400), "hybrid").then().statusCode(200);
    }
}
