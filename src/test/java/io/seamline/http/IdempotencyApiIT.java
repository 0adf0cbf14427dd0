package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.seamline.domain.Money;
import io.seamline.platform.Roles;
import io.seamline.platform.idempotency.IdempotencyKeys;
import io.seamline.product.api.CreateProductCommand;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.awaitProduct;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.eventsAfter;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.placeOrder;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Idempotent commands over REST and GraphQL: a retry with the same Idempotency-Key gets the first answer and appends
 * nothing, also when the retries race; the same key with another request is refused; keys expire.
 */
@QuarkusTest
class IdempotencyApiIT {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final int RETRIES = 16;

    @Inject
    DataSource dataSource;
    @Inject
    IdempotencyKeys keys;
    @Inject
    CommandGateway gateway;

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static String customer() {
        return "cust-" + UUID.randomUUID();
    }

    /** The order placed by a POST /api/orders with the key; the body is the given one. */
    private static Response place(String key, Map<String, Object> body) {
        return json(body).header(KEY, key).post("/api/orders");
    }

    /**
     * Calls {@code call} a first time, then again: the retry must give the same status, body, ETag and Location,
     * say it was replayed, and append nothing. Returns the first answer.
     */
    private static Response assertRetryReplays(int status, Supplier<Response> call) {
        Response first = call.get();
        first.then().statusCode(status);
        assertThat(first.header(REPLAYED)).as("a first answer is not a replay").isNull();
        long head = logHead();
        Response retry = call.get();
        retry.then().statusCode(status).header(REPLAYED, "true");
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(logHead()).as("log head after a retry (nothing appended)").isEqualTo(head);
        return first;
    }

    // --- retries -----------------------------------------------------------------------------------

    @Test
    void sameKeyFromAnotherCaller_isTheirOwn_andPlacesTheirOwnOrder() {
        String product = createProduct("3.00");
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), product, 1);
        long before = logHead();
        String mine = place(key, body).then().statusCode(201).extract().path("id");
        // another client, by chance with the same key: keys are scoped by the token's principal
        String theirs = ApiFixtures.as(Roles.WRITER).contentType(ContentType.JSON).header(KEY, key).body(body)
                .post("/api/orders").then().statusCode(201).header(REPLAYED, org.hamcrest.Matchers.nullValue()).extract().path("id");
        assertThat(theirs).isNotEqualTo(mine);
        assertThat(eventsAfter(before)).hasSize(2);
    }

    @Test
    void placeOrder_retriedWithSameKey_sameIdVersionAndLocation_nothingAppended() {
        String product = createProduct("3.00");
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), product, 2);
        long before = logHead();
        Response first = assertRetryReplays(201, () -> place(key, body));
        String id = first.path("id");
        assertThat(first.header("Location")).endsWith("/api/orders/" + id);
        assertThat(first.header("ETag")).isEqualTo("\"0\"");
        assertThat(eventsAfter(before)).as("one order placed by the request and its retry")
                .singleElement().satisfies(e -> assertThat(e.get("aggregateId")).isEqualTo(id));
    }

    @Test
    void placeOrder_withoutKey_retryPlacesASecondOrder() {
        // what the key is for: the same request without one is two orders
        String product = createProduct("3.00");
        Map<String, Object> body = orderBody(customer(), product, 1);
        String first = json(body).post("/api/orders").then().statusCode(201).extract().path("id");
        String second = json(body).post("/api/orders").then().statusCode(201).extract().path("id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void everyOtherCommand_retriedWithItsKey_answersTheSameAndAppendsNothing() {
        Map<String, Object> productBody = productBody(uniqueSku(), "5.00", "EUR");
        String create = newKey();
        String product = assertRetryReplays(201,
                () -> json(productBody).header(KEY, create).post("/api/products")).path("id");
        awaitProduct(product, 0);
        String update = newKey();
        assertRetryReplays(200, () -> json(Map.of("title", "Renamed")).header("If-Match", "0").header(KEY, update)
                .patch("/api/products/" + product));

        String order = placeOrder(product);
        String pay = newKey();
        String ship = newKey();
        assertRetryReplays(200, () -> command().header("If-Match", "0").header(KEY, pay)
                .post("/api/orders/" + order + "/pay"));
        assertRetryReplays(200, () -> command().header(KEY, ship).post("/api/orders/" + order + "/ship"));

        String other = placeOrder(product);
        String cancel = newKey();
        assertRetryReplays(200, () -> json(Map.of("reason", "changed mind")).header(KEY, cancel)
                .post("/api/orders/" + other + "/cancel"));

        String discontinue = newKey();
        assertRetryReplays(200, () -> api().header(KEY, discontinue).delete("/api/products/" + product));
    }

    // --- racing retries ----------------------------------------------------------------------------

    @Test
    void placeOrder_sixteenConcurrentRetries_placeExactlyOneOrder() throws Exception {
        String product = createProduct("4.00");
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), product, 1);
        long before = logHead();
        List<Response> answers = concurrently(RETRIES, () -> place(key, body));
        assertOneOrderFor(answers, before);
    }

    @Test
    void placeOrder_sixteenRetriesRacingPastTheLookup_oneCommitsTheOthersRollBackAndReplay() throws Exception {
        String product = createProduct("4.00");
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), product, 1);
        long before = logHead();
        // Holding the key table's inserts back lets every retry miss the lookup and handle the command; all of them
        // then try to record the key at once, so the unique key decides and the losers roll back.
        List<Response> answers = racingAtTheKeyTable(RETRIES, () -> place(key, body));
        assertOneOrderFor(answers, before);
        assertThat(answers.stream().filter(a -> "true".equals(a.header(REPLAYED))).count())
                .as("losers answered with the winner's answer").isEqualTo(RETRIES - 1);
    }

    @Test
    void createProduct_concurrentRetries_oneProductAndTheOthersReplayNotSkuTaken() throws Exception {
        String key = newKey();
        Map<String, Object> body = productBody(uniqueSku(), "6.00", "EUR");
        long before = logHead();
        List<Response> answers = concurrently(RETRIES, () -> json(body).header(KEY, key).post("/api/products"));
        assertThat(answers).allSatisfy(a -> a.then().statusCode(201));
        assertThat(answers.stream().map(a -> (String) a.path("id")).distinct()).hasSize(1);
        assertThat(logHead() - before).as("events appended by 16 retries of one creation").isEqualTo(1);
    }

    private static void assertOneOrderFor(List<Response> answers, long before) {
        assertThat(answers).allSatisfy(a -> a.then().statusCode(201));
        List<String> ids = answers.stream().map(a -> (String) a.path("id")).distinct().toList();
        assertThat(ids).as("every retry answered with the one order").hasSize(1);
        assertThat(answers.stream().map(a -> a.header("Location")).distinct()).hasSize(1);
        assertThat(eventsAfter(before)).as("events appended by %d retries", answers.size())
                .singleElement().satisfies(e -> {
                    assertThat(e.get("type")).isEqualTo("OrderPlaced");
                    assertThat(e.get("aggregateId")).isEqualTo(ids.get(0));
                });
    }

    private static List<Response> concurrently(int n, Supplier<Response> call) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(clients.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : calls) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private List<Response> racingAtTheKeyTable(int n, Supplier<Response> call) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // reads (the lookup) go on; inserts (recording the key) wait
                s.execute("lock table idempotency_key in exclusive mode");
            }
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(clients.submit(call::get));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingToRecordKeys() == n);
            lock.commit();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : calls) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private long waitingToRecordKeys() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_locks "
                     + "where relation = 'idempotency_key'::regclass and not granted")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- a key with another request ----------------------------------------------------------------

    @Test
    void placeOrder_sameKeyDifferentBody_422KeyReusedAndNothingAppended() {
        String product = createProduct("2.00");
        String key = newKey();
        String customer = customer();
        place(key, orderBody(customer, product, 1)).then().statusCode(201);
        JsonPath problem = ApiFixtures.problemBody(assertRefused(422, "idempotency-key-reused", KEY,
                () -> place(key, orderBody(customer, product, 2))));
        assertThat(problem.getString("title")).isEqualTo("Unprocessable Content");
    }

    @Test
    void sameKeyOnAnotherCommand_422KeyReused() {
        String product = createProduct("2.00");
        String key = newKey();
        place(key, orderBody(customer(), product, 1)).then().statusCode(201);
        assertRefused(422, "idempotency-key-reused", KEY,
                () -> json(Map.of("title", "Other")).header(KEY, key).patch("/api/products/" + product));
    }

    @Test
    void placeOrder_malformedKey_400NamingTheHeaderAndNothingAppended() {
        String product = createProduct("2.00");
        Map<String, Object> body = orderBody(customer(), product, 1);
        assertRefused(400, "idempotency-key-invalid", KEY, () -> place("", body));
        assertRefused(400, "idempotency-key-invalid", KEY, () -> place("k".repeat(256), body));
        assertRefused(400, "idempotency-key-invalid", KEY, () -> place("a\tb", body));
        assertRefused(400, "idempotency-key-invalid", KEY,
                () -> json(body).header(KEY, newKey()).header(KEY, newKey()).post("/api/orders"));
        String longest = (newKey() + "k".repeat(255)).substring(0, 255);
        assertRetryReplays(201, () -> place(longest, body));
    }

    // --- refusals are not remembered ---------------------------------------------------------------

    @Test
    void refusedCommand_isNotStored_retryWithTheSameKeyIsDecidedAfresh() {
        // The ordering race (README): an order for a product the catalogue does not show yet is refused, and the same
        // request succeeds once it does. Storing the refusal would answer that retry with the stale 400 for a day.
        String productId = UUID.randomUUID().toString();
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), productId, 1);
        assertRefused(400, "product-unknown", "lines[0].productId", () -> place(key, body));

        gateway.sendAndWait(new CreateProductCommand(productId, uniqueSku(), "Late kettle", null, null,
                Money.of("9.00", "EUR"), Map.of()));
        awaitProduct(productId, 0);
        long before = logHead();
        Response placed = place(key, body);
        placed.then().statusCode(201);
        assertThat(placed.header(REPLAYED)).isNull();
        assertThat(eventsAfter(before)).singleElement()
                .satisfies(e -> assertThat(e.get("type")).isEqualTo("OrderPlaced"));
    }

    // --- expiry --------------------------------------------------------------------------------------

    @Test
    void expiredKey_isUsedAfresh_evenForAnotherRequest() throws SQLException {
        String product = createProduct("2.00");
        String key = newKey();
        String first = place(key, orderBody(customer(), product, 1)).then().statusCode(201).extract().path("id");
        ageKey(key, keys.ttl().plusMinutes(1));

        long before = logHead();
        Map<String, Object> other = orderBody(customer(), product, 3);
        Response again = place(key, other);
        again.then().statusCode(201);
        assertThat(again.header(REPLAYED)).isNull();
        String second = again.path("id");
        assertThat(second).isNotEqualTo(first);
        assertThat(eventsAfter(before)).singleElement()
                .satisfies(e -> assertThat(e.get("aggregateId")).isEqualTo(second));
        // the key now answers for the new request
        place(key, other).then().statusCode(201).header(REPLAYED, "true").body("id", equalTo(second));
    }

    @Test
    void keyJustShortOfItsTtl_stillReplays() throws SQLException {
        String product = createProduct("2.00");
        String key = newKey();
        Map<String, Object> body = orderBody(customer(), product, 1);
        String first = place(key, body).then().statusCode(201).extract().path("id");
        ageKey(key, keys.ttl().minusMinutes(1));
        place(key, body).then().statusCode(201).header(REPLAYED, "true")
                .body("id", equalTo(first));
    }

    /** Moves the key's first use into the past, as if {@code age} had gone by (no waiting in a test). */
    private void ageKey(String key, Duration age) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "update idempotency_key set created_at = created_at - ? * interval '1 second' where idem_key = ?")) {
            update.setLong(1, age.toSeconds());
            update.setString(2, key);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    // --- GraphQL -----------------------------------------------------------------------------------

    private static JsonPath graphql(String query) {
        return api().contentType(ContentType.JSON).body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String placeOrderMutation(String customer, String product, int quantity, String key) {
        return """
                mutation { placeOrder(order: {customerId: "%s", lines: [{productId: "%s", quantity: %d}]},
                  idempotencyKey: "%s") { id aggregateVersion } }""".formatted(customer, product, quantity, key);
    }

    @Test
    void graphqlPlaceOrder_retriedWithSameKey_sameAnswerNothingAppended_andRestRetryReplaysIt() {
        String product = createProduct("2.50");
        String customer = customer();
        String key = newKey();
        JsonPath first = graphql(placeOrderMutation(customer, product, 4, key));
        assertThat(first.getList("errors")).isNull();
        String id = first.getString("data.placeOrder.id");
        long head = logHead();

        JsonPath retry = graphql(placeOrderMutation(customer, product, 4, key));
        assertThat(retry.getList("errors")).isNull();
        assertThat(retry.getString("data.placeOrder.id")).isEqualTo(id);
        assertThat(retry.getInt("data.placeOrder.aggregateVersion")).isZero();
        // the key stands for the command, whichever API carried it
        place(key, orderBody(customer, product, 4)).then().statusCode(201).header(REPLAYED, "true")
                .header("Location", endsWith("/api/orders/" + id));
        assertThat(logHead()).isEqualTo(head);
    }

    @Test
    void graphqlPayOrder_retriedWithSameKey_sameVersion() {
        String order = placeOrder(createProduct("2.50"));
        String key = newKey();
        String mutation = "mutation { payOrder(id: \"%s\", idempotencyKey: \"%s\") { id aggregateVersion } }"
                .formatted(order, key);
        assertThat(graphql(mutation).getInt("data.payOrder.aggregateVersion")).isEqualTo(1);
        long head = logHead();
        JsonPath retry = graphql(mutation);
        assertThat(retry.getList("errors")).as("a paid order paid again with the key").isNull();
        assertThat(retry.getInt("data.payOrder.aggregateVersion")).isEqualTo(1);
        assertThat(logHead()).isEqualTo(head);
    }

    @Test
    void graphqlPlaceOrder_sameKeyOtherInput_errorNamesTheRuleAndNothingAppended() {
        String product = createProduct("2.50");
        String customer = customer();
        String key = newKey();
        assertThat(graphql(placeOrderMutation(customer, product, 1, key)).getList("errors")).isNull();
        long head = logHead();
        JsonPath answer = graphql(placeOrderMutation(customer, product, 2, key));
        assertThat(answer.getList("errors")).isNotEmpty();
        assertThat(answer.getString("errors[0].message")).contains("idempotency-key-reused");
        assertThat(answer.getString("data.placeOrder")).isNull();
        assertThat(logHead()).isEqualTo(head);
    }

    @Test
    void graphqlMutation_malformedKey_errorAndNothingAppended() {
        String product = createProduct("2.50");
        long head = logHead();
        JsonPath answer = graphql(placeOrderMutation(customer(), product, 1, "caf\u00e9"));
        assertThat(answer.getList("errors")).isNotEmpty();
        assertThat(answer.getString("errors[0].message")).contains("printable ASCII");
        assertThat(logHead()).isEqualTo(head);
    }
}
