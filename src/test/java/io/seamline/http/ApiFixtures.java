package io.seamline.http;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.seamline.support.TestIssuer;
import org.hamcrest.Matcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Shared helpers for the API tests: product and order fixtures, the log head, and problem+json checks. */
public final class ApiFixtures {

    /** How long the row store (relay + consumer) may take to show a command's effect. */
    public static final Duration EVENTUALLY = Duration.ofSeconds(30);
    /** How long a consumer may take to work off what earlier test classes left it (bursts of thousands of events). */
    public static final Duration BACKLOG = Duration.ofMinutes(3);
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Numbers in JSON bodies read as BigDecimal, so prices compare exactly (per request: no global state). */
    private static final RestAssuredConfig DECIMALS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private ApiFixtures() {
    }

    /**
     * Waits until {@code consumer} (every consumer when null) has applied the whole log, so a test's own
     * {@link #EVENTUALLY} measures its own events, not a backlog earlier test classes left.
     */
    public static void awaitCaughtUp(String consumer) {
        await().atMost(BACKLOG).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Map<String, Object>> seams = api().get("/api/freshness").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            assertThat(seams).filteredOn(seam -> consumer == null || consumer.equals(seam.get("consumer")))
                    .isNotEmpty()
                    .allSatisfy(seam -> assertThat(((Number) seam.get("lagEvents")).longValue())
                            .as("lag of %s", seam.get("consumer")).isZero());
        });
    }

    /**
     * A request against the app whose JSON numbers are read as BigDecimal, with a token holding every role (what
     * each endpoint allows is SecurityMatrixIT's subject; the other tests are about what the endpoint does).
     */
    public static RequestSpecification api() {
        return anonymous().auth().oauth2(TestIssuer.allRoles());
    }

    /** A request without credentials. */
    public static RequestSpecification anonymous() {
        return RestAssured.given().config(DECIMALS);
    }

    /** A request with a token holding only {@code role}. */
    public static RequestSpecification as(String role) {
        return anonymous().auth().oauth2(TestIssuer.token(List.of(role)));
    }

    /**
     * A request for a command without a body (pay, ship, cancel). It declares JSON, as the resources consume
     * it: without a body RestAssured would otherwise send a form content type, which they refuse with 415.
     */
    public static RequestSpecification command() {
        return api().contentType(ContentType.JSON);
    }

    /** A request with a JSON body. */
    public static RequestSpecification json(Object body) {
        return api().contentType(ContentType.JSON).body(body);
    }

    public static String uniqueSku() {
        return "SKU-" + UUID.randomUUID();
    }

    /** A valid create-product body, mutable so a test can break one field. */
    public static Map<String, Object> productBody(String sku, String amount, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("title", "Kettle " + sku);
        body.put("description", "Stainless steel, 1.7 l");
        body.put("category", "Home & Kitchen > Kettles");
        body.put("price", price(amount, currency));
        body.put("attributes", new LinkedHashMap<>(Map.of("color", "silver", "brand", "Hearthline")));
        return body;
    }

    public static Map<String, Object> price(String amount, String currency) {
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("amount", new BigDecimal(amount));
        price.put("currency", currency);
        return price;
    }

    /** Creates a product priced in EUR and waits until the row store has it; returns its id. */
    public static String createProduct(String amount) {
        return createProduct(productBody(uniqueSku(), amount, "EUR"));
    }

    /** Creates a product from a body and waits until the row store has it; returns its id. */
    public static String createProduct(Map<String, Object> body) {
        String id = json(body).post("/api/products").then().statusCode(201).extract().path("id");
        awaitProduct(id, 0);
        return id;
    }

    /** Waits until the row store shows the product at (at least) the given version. */
    public static void awaitProduct(String id, long version) {
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/products/" + id)
                .then().statusCode(200).body("aggregateVersion", equalTo((int) version)));
    }

    /** Discontinues a product and waits until the row store shows it discontinued. */
    public static void discontinue(String id) {
        api().delete("/api/products/" + id).then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/products/" + id)
                .then().statusCode(200).body("discontinued", equalTo(true)));
    }

    /**
     * Replays read model {@code model} through the admin API (202 with a job), polls the job until it ends, and returns
     * it; fails unless it SUCCEEDED.
     */
    public static JsonPath replay(String model) {
        Response started = command().post("/api/admin/replay/" + model);
        started.then().statusCode(202);
        String job = started.path("id");
        assertThat(started.header("Location")).endsWith("/api/admin/replays/" + job);
        JsonPath done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/admin/replays/" + job).then().statusCode(200).extract().jsonPath(),
                        status -> status.getString("outcome") != null);
        assertThat(done.getString("outcome")).as("replay of %s: %s", model, done.prettify()).isEqualTo("SUCCEEDED");
        return done;
    }

    /** An order body for one customer; each line is productId then quantity. */
    public static Map<String, Object> orderBody(String customerId, Object... productAndQuantity) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("productId", productAndQuantity[i]);
            line.put("quantity", productAndQuantity[i + 1]);
            lines.add(line);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("lines", lines);
        return body;
    }

    /** Places an order for one unit of a product; returns the order id (the row store may not have it yet). */
    public static String placeOrder(String productId) {
        return json(orderBody("cust-" + UUID.randomUUID(), productId, 1))
                .post("/api/orders").then().statusCode(201).extract().path("id");
    }

    /** The global index of the newest event in the log (-1 when empty), read through GET /api/events. */
    public static long logHead() {
        Number head = api().queryParam("limit", 1).get("/api/events")
                .then().statusCode(200).extract().path("head");
        return head.longValue();
    }

    /** The envelopes appended after a global index (up to 1000), read through GET /api/events. */
    public static List<Map<String, Object>> eventsAfter(long after) {
        return api().queryParam("after", after).queryParam("limit", 1000).get("/api/events")
                .then().statusCode(200).extract().jsonPath().getList("events");
    }

    /**
     * Runs a call that must be refused: asserts the status, problem+json content type, the problem's
     * status/rule/detail (and field, unless {@code field} is null), and that the log head did not move.
     */
    public static ValidatableResponse assertRefused(int status, String rule, String field, Supplier<Response> call) {
        long before = logHead();
        ValidatableResponse response = assertProblem(call.get(), status, rule, field);
        assertThat(logHead()).as("log head after a refused call (nothing appended)").isEqualTo(before);
        return response;
    }

    /** Asserts a problem+json response with the given status, rule and (when not null) field. */
    public static ValidatableResponse assertProblem(Response response, int status, String rule, String field) {
        ValidatableResponse then = response.then()
                .statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON));
        // RestAssured has no parser registered for application/problem+json: read the body as JSON explicitly.
        JsonPath problem = new JsonPath(response.asString());
        assertThat(problem.getInt("status")).as("problem status").isEqualTo(status);
        assertThat(problem.getString("rule")).as("problem rule").isEqualTo(rule);
        assertThat(problem.getString("detail")).as("problem detail").isNotBlank();
        assertThat(problem.getString("type")).as("problem type").endsWith("/" + rule);
        if (field != null) {
            assertThat(problem.getString("field")).as("problem field").isEqualTo(field);
        }
        return then;
    }

    /** The problem body of a refused call as JSON. */
    public static JsonPath problemBody(ValidatableResponse response) {
        return new JsonPath(response.extract().asString());
    }

    /**
     * Sends a body as HTTP/1.1 chunks, without a Content-Length (RestAssured always declares one). Headers come
     * in name, value pairs.
     */
    public static HttpResponse<String> chunked(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Authorization", "Bearer " + TestIssuer.allRoles()); // as api(): the subject is the body
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " (chunked) got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An answer read off the wire by {@link #onTheWire}. */
    public record WireAnswer(int status, String contentType, String body) {
    }

    /**
     * Sends bytes exactly as given, for requests no HTTP client will build (a path with a broken escape, a
     * request line with odd bytes): the request line, then the headers (name, value pairs), then the body with
     * its Content-Length. The connection is closed after the answer.
     */
    public static WireAnswer onTheWire(String method, String rawPath, byte[] body, String... headers) {
        return onTheWire(RestAssured.port, method, rawPath, body, headers);
    }

    /** {@link #onTheWire(String, String, byte[], String...)} to a server on another port of this host. */
    public static WireAnswer onTheWire(int port, String method, String rawPath, byte[] body, String... headers) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + TestIssuer.allRoles() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < headers.length; i += 2) {
                request.writeBytes((headers[i] + ": " + headers[i + 1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            request.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(body);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(method + " " + rawPath + " got no answer", e);
        }
    }

    private static WireAnswer parse(byte[] answer) throws IOException {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (String header : head) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = header.substring("content-type:".length()).strip();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        byte[] body = Arrays.copyOfRange(answer, headEnd + 4, answer.length);
        return new WireAnswer(status, contentType, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) throws IOException {
        InputStream in = new ByteArrayInputStream(chunked);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
                size.append((char) c);
            }
            int length = Integer.parseInt(size.toString().strip().split(";")[0], 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            in.skipNBytes(2);
        }
    }

    /** {@link #assertGoodErrorOrSuccess(String, int, String, String)} for an answer read off the wire. */
    public static void assertGoodErrorOrSuccess(String request, WireAnswer answer) {
        assertGoodErrorOrSuccess(request, answer.status(), answer.contentType(), answer.body());
    }

    /** {@link #assertGoodErrorOrSuccess(String, int, String, String)} for a RestAssured response. */
    public static void assertGoodErrorOrSuccess(String request, Response response) {
        assertGoodErrorOrSuccess(request, response.statusCode(), response.contentType(), response.asString());
    }

    /** {@link #assertGoodErrorOrSuccess(String, int, String, String)} for a java.net.http response. */
    public static void assertGoodErrorOrSuccess(String request, HttpResponse<String> response) {
        assertGoodErrorOrSuccess(request, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    /**
     * What every answer to any request must be, however malformed the request: never a 5xx, and a 4xx is a
     * problem (application/problem+json carrying its status, a rule, a type naming the rule and a detail) that
     * shows no stack trace and no local path. {@code request} says in a failure which request it was.
     */
    public static void assertGoodErrorOrSuccess(String request, int status, String contentType, String body) {
        assertThat(status).as("status of %s; body: %s", request, body).isLessThan(500);
        if (status < 400) {
            return;
        }
        assertThat(contentType).as("content type of %s (%d); body: %s", request, status, body).startsWith(PROBLEM_JSON);
        JsonPath problem = new JsonPath(body);
        assertThat(problem.getInt("status")).as("problem status of %s", request).isEqualTo(status);
        String rule = problem.getString("rule");
        assertThat(rule).as("problem rule of %s", request).isNotBlank();
        assertThat(problem.getString("type")).as("problem type of %s", request).endsWith("/" + rule);
        assertThat(problem.getString("detail")).as("problem detail of %s", request).isNotBlank();
        assertThat(body).as("problem of %s shows no stack trace or local path", request)
                .doesNotContain("\tat ", "\\tat ", ".java:", System.getProperty("user.dir"),
                        System.getProperty("java.io.tmpdir") + "/");
    }

    /** Hamcrest matcher: an ETag header carrying the given version ("0", quoted). */
    public static Matcher<String> etag(long version) {
        return equalTo("\"" + version + "\"");
    }
}
