package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Input no store can hold is refused at the door, over REST and GraphQL alike, with a problem naming the rule and the
 * field, and nothing is appended: control characters (a tab or line break only where text may have lines), lone
 * surrogates, an order total past what every store keeps.
 */
@QuarkusTest
class StorableInputApiIT {

    @Test
    void nulInTitle_400ControlCharacterOnTitle() {
        Map<String, Object> body = productBody(uniqueSku(), "3.00", "EUR");
        body.put("title", "Kettle\u0000");
        assertRefused(400, "control-character", "title", () -> json(body).post("/api/products"));
    }

    @Test
    void nulInAnAttributeValue_400NamingTheAttribute() {
        Map<String, Object> body = productBody(uniqueSku(), "3.00", "EUR");
        body.put("attributes", Map.of("color", "sil\u0000ver"));
        assertRefused(400, "control-character", "attributes.color", () -> json(body).post("/api/products"));
    }

    @Test
    void loneSurrogateInTitle_400InvalidText() {
        // written as the JSON escape itself: a client's encoder would refuse to write the lone surrogate
        String body = "{\"sku\":\"" + uniqueSku() + "\",\"title\":\"Kettle \\ud83d\",\"price\":{\"amount\":3,"
                + "\"currency\":\"EUR\"}}";
        assertRefused(400, "invalid-text", "title",
                () -> api().contentType(ContentType.JSON).body(body).post("/api/products"));
    }

    @Test
    void lineBreaksAndTabsInTheDescription_areAccepted_andStoredAsSent() {
        Map<String, Object> body = productBody(uniqueSku(), "3.00", "EUR");
        body.put("description", "Steel body\r\n\t1.7 l");
        String id = createProduct(body);
        api().get("/api/products/" + id).then().statusCode(200).body("description", equalTo("Steel body\r\n\t1.7 l"));
    }

    @Test
    void bellInAnUpdatedDescription_400ControlCharacter() {
        String id = createProduct("3.00");
        assertRefused(400, "control-character", "description",
                () -> json(Map.of("description", "ding\u0007")).patch("/api/products/" + id));
    }

    @Test
    void nulInCustomerId_400ControlCharacterOnCustomerId() {
        String product = createProduct("3.00");
        assertRefused(400, "control-character", "customerId",
                () -> json(orderBody("cust\u0000", product, 1)).post("/api/orders"));
    }

    @Test
    void nulInACancelReason_400ControlCharacterOnReason() {
        String order = ApiFixtures.placeOrder(createProduct("3.00"));
        assertRefused(400, "control-character", "reason",
                () -> json(Map.of("reason", "no\u0000")).post("/api/orders/" + order + "/cancel"));
    }

    @Test
    void orderTotalPastWhatEveryStoreKeeps_400TotalTooLarge() {
        String gold = createProduct("999999999.99");
        // 1,001 x 999,999,999.99 = 1,000,999,999,989.99: past the row store's NUMERIC(14, 2)
        assertRefused(400, "total-too-large", "lines",
                () -> json(orderBody("c-" + UUID.randomUUID(), gold, 1_001)).post("/api/orders"));
    }

    @Test
    void graphQlMutation_withANul_isRefusedTheSameWay_andAppendsNothing() {
        long before = logHead();
        String mutation = """
                mutation { createProduct(product: {sku: "%s", title: "Tea\\u0000", price: {amount: 2, currency: "EUR"}})
                  { id } }""".formatted(uniqueSku());
        JsonPath answer = json(Map.of("query", mutation)).post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("errors[0].message")).contains("title contains the control character U+0000");
        assertThat(logHead()).isEqualTo(before);
    }
}
