package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.seamline.platform.EmbeddedPostgresServer;
import io.seamline.platform.Roles;
import io.seamline.platform.idempotency.IdempotencyKeys;
import io.seamline.platform.idempotency.RecordedKey;
import io.seamline.support.EmbeddedInfraResource;
import io.seamline.support.TestIssuer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.eventsAfter;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key and its command's events are one transaction (a failure of either leaves neither), and a key outlives a
 * restart of the database under the service: nothing about it is kept in memory.
 */
@QuarkusTest
class IdempotencyDurabilityIT {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";

    @Inject
    DataSource dataSource;
    @Inject
    IdempotencyKeys keys;

    private static Response place(String key, Map<String, Object> body) {
        return json(body).header(KEY, key).post("/api/orders");
    }

    @Test
    void keyInsertFails_commandAppendsNothing_andARetryPlacesTheOrderOnce() throws SQLException {
        String product = createProduct("3.00");
        String key = "refuse-" + UUID.randomUUID();
        Map<String, Object> body = orderBody("cust-" + UUID.randomUUID(), product, 1);
        long before = logHead();
        // the database refuses the key row: the order's event was staged in the same transaction
        withTrigger("idempotency_key", "new.idem_key like 'refuse-%'", () -> {
            place(key, body).then().statusCode(500);
            assertThat(logHead()).as("log head after the key could not be recorded").isEqualTo(before);
            assertThat(storedKeys(key)).isZero();
        });

        Response retry = place(key, body);
        retry.then().statusCode(201);
        assertThat(retry.header(REPLAYED)).isNull();
        assertThat(eventsAfter(before)).singleElement()
                .satisfies(e -> assertThat(e.get("aggregateId")).isEqualTo(retry.path("id")));
    }

    @Test
    void appendFails_keyIsNotRecorded_andARetryPlacesTheOrder() throws SQLException {
        String product = createProduct("3.00");
        String key = "key-" + UUID.randomUUID();
        String customer = "poison-" + UUID.randomUUID();
        Map<String, Object> body = orderBody(customer, product, 1);
        long before = logHead();
        // the database refuses the event row after the key row was written in the same transaction
        withTrigger("domainevententry", "position(convert_to('" + customer + "', 'UTF8') in new.payload) > 0", () -> {
            place(key, body).then().statusCode(500);
            assertThat(logHead()).isEqualTo(before);
            assertThat(storedKeys(key)).as("a key without its events").isZero();
        });

        // had the key survived, this would replay an answer for an order that does not exist
        Response retry = place(key, body);
        retry.then().statusCode(201);
        assertThat(retry.header(REPLAYED)).isNull();
        assertThat(eventsAfter(before)).singleElement()
                .satisfies(e -> assertThat(e.get("aggregateId")).isEqualTo(retry.path("id")));
    }

    @Test
    void postgresRestart_retryAfterwards_replaysTheFirstAnswer() {
        String product = createProduct("3.00");
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> body = orderBody("cust-" + UUID.randomUUID(), product, 2);
        Response first = place(key, body);
        first.then().statusCode(201);
        String id = first.path("id");
        long head = logHead();

        EmbeddedPostgresServer postgres = EmbeddedInfraResource.infra().postgres();
        postgres.close();
        postgres.start();

        // the pool's connections died with the server: the first requests after it may fail before they look up
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response retry = place(key, body);
            retry.then().statusCode(201).header(REPLAYED, "true").header("ETag", "\"0\"");
            assertThat(retry.asString()).isEqualTo(first.asString());
            assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        });
        assertThat(logHead()).as("log head after retries across the restart").isEqualTo(head);

        // a store that never saw the request (as in a new process) finds the same answer in the database
        IdempotencyKeys fresh = new IdempotencyKeys(dataSource, Clock.systemUTC(), keys.ttl());
        RecordedKey recorded = fresh.find(TestIssuer.subject(Roles.ALL), key).orElseThrow(); // the caller api() sends
        assertThat(recorded.answer().aggregateId()).isEqualTo(id);
        assertThat(recorded.answer().status()).isEqualTo(201);
        assertThat(recorded.answer().version()).isZero();
        assertThat(recorded.answer().location()).isEqualTo("/api/orders/" + id);
        assertThat(recorded.commandType()).isEqualTo("PlaceOrderCommand");
    }

    private long storedKeys(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement("select count(*) from idempotency_key where idem_key = ?")) {
            query.setString(1, key);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What a test runs while a trigger makes inserts into a table fail when a condition on the new row holds. */
    private interface Check {
        void run() throws SQLException;
    }

    private void withTrigger(String table, String condition, Check check) throws SQLException {
        String name = "refuse_" + table;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create function " + name + "() returns trigger language plpgsql as $$ begin if " + condition
                    + " then raise exception 'refused by test'; end if; return new; end $$");
            s.execute("create trigger " + name + " before insert on " + table + " for each row execute function "
                    + name + "()");
            try {
                check.run();
            } finally {
                s.execute("drop trigger " + name + " on " + table);
                s.execute("drop function " + name + "()");
            }
        }
    }
}
