package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ProductApiIT {

    @Test
    void create_thenRead_fromRowStore() {
        String sku = "SKU-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body("""
                        {"sku":"%s","title":"Kettle","description":"Steel","category":"Kitchen",
                         "price":{"amount":"19.99","currency":"EUR"},"attributes":{"color":"red"}}""".formatted(sku))
                .post("/api/products")
                .then().statusCode(201).body("version", equalTo(0))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/products/" + id)
                .then().statusCode(200).body("sku", equalTo(sku)).body("price.amount", equalTo(19.99f)));
    }
}
