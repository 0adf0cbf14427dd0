package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.seamline.platform.Roles;
import io.seamline.support.TestIssuer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.seamline.http.ApiFixtures.anonymous;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.as;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Which tokens get in: only one the configured issuer signed, for this audience, unexpired; and no web page on
 * another site can make a browser act on the API.
 */
@QuarkusTest
class AuthenticationIT {

    @Test
    void noToken_401WithBearerChallenge() {
        assertProblem(anonymous().get("/api/freshness"), 401, "credentials-required", "Authorization")
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void tokenSignedByAnotherKey_401InvalidToken() {
        assertInvalid(TestIssuer.forgedToken(List.of(Roles.READER)));
    }

    @Test
    void tokenFromAnotherIssuer_401InvalidToken() {
        assertInvalid(TestIssuer.token("https://elsewhere.example/realms/shop", TestIssuer.AUDIENCE,
                List.of(Roles.READER), Duration.ofHours(1)));
    }

    @Test
    void tokenForAnotherAudience_401InvalidToken() {
        assertInvalid(TestIssuer.token(TestIssuer.ISSUER, "some-other-service", List.of(Roles.READER),
                Duration.ofHours(1)));
    }

    @Test
    void expiredToken_401InvalidToken() {
        // expired well beyond the verifier's allowed clock skew (60 s)
        assertInvalid(TestIssuer.token(TestIssuer.ISSUER, TestIssuer.AUDIENCE, List.of(Roles.READER),
                Duration.ofMinutes(-10)));
    }

    @Test
    void garbageToken_401InvalidToken() {
        assertInvalid("not.a.jwt");
    }

    @Test
    void validToken_200() {
        as(Roles.READER).get("/api/freshness").then().statusCode(200);
    }

    @Test
    void formPost_withValidToken_415AndNothingAppended() {
        // what a page on another site can send without a preflight: refused even when credentials ride along
        assertRefused(415, "cross-site-simple-request", "Content-Type", () -> api()
                .contentType(ContentType.URLENC).formParam("sku", uniqueSku()).post("/api/products"));
        assertRefused(415, "cross-site-simple-request", "Content-Type", () -> api()
                .contentType("text/plain; charset=utf-8").body("{}").post("/api/admin/faults/enable"));
    }

    @Test
    void corsPreflightFromAnotherSite_getsNoPermission() {
        anonymous().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/products")
                .then().header("Access-Control-Allow-Origin", nullValue());
        api().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(productBody(uniqueSku(), "3.00", "EUR")).post("/api/products")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void graphqlWithInvalidToken_401Problem() {
        assertProblem(anonymous().auth().oauth2(TestIssuer.forgedToken(List.of(Roles.READER)))
                .contentType(ContentType.JSON).body("{\"query\":\"{ freshness { consumer } }\"}").post("/graphql"),
                401, "invalid-token", "Authorization");
    }

    private static void assertInvalid(String token) {
        assertProblem(anonymous().auth().oauth2(token).get("/api/freshness"), 401, "invalid-token", "Authorization")
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }
}
