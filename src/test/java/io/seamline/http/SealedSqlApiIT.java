package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.sql.SqlAdmission;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SQL endpoint against hostile statements, over HTTP: each is refused as problem+json with its rule, or answered
 * within the row and byte limits; past the concurrency limit requests are turned away with 429 and Retry-After; the
 * service stays healthy.
 */
@QuarkusTest
class SealedSqlApiIT {

    /** A thousand rows made by the query itself, whatever the warehouse holds. */
    private static final String THOUSAND =
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 1000) ";
    private static final Set<String> REFUSALS = Set.of("invalid-sql", "sql-not-allowed", "sql-timeout",
            "sql-resource-limit");

    @Inject
    WarehouseQuery warehouse;

    @ConfigProperty(name = "seamline.data.dir")
    String dataDir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            select 1) q; create table pwn as select 42 x; select * from pwn, (select 1 => invalid-sql
            select 1) -- a closing parenthesis, then a comment => invalid-sql
            select 1 as x; -- ) as query; create table pwn as select 1; select (1 => sql-not-allowed
            select 1; create table pwn as select 42 x => sql-not-allowed
            copy (select 1) to '/tmp/seamline-stolen.csv' => sql-not-allowed
            copy silver_orders to 'stolen.csv' => sql-not-allowed
            attach '/tmp/seamline-other.db' as other => sql-not-allowed
            install httpfs => sql-not-allowed
            load httpfs => sql-not-allowed
            pragma version => sql-not-allowed
            set enable_external_access = true => sql-not-allowed
            reset lock_configuration => sql-not-allowed
            select * from read_csv('/etc/passwd') => sql-not-allowed
            select * from read_text('/etc/hostname') => sql-not-allowed
            select * from read_blob('/etc/hostname') => sql-not-allowed
            select * from glob('/*') => sql-not-allowed
            select * from read_parquet('/tmp/x.parquet') => sql-not-allowed
            select * from '/etc/passwd' => sql-not-allowed
            select current_setting('temp_directory') => sql-not-allowed
            select repeat('x', 5e7) => sql-not-allowed
            select length(repeat('x', 5e7)) from silver_orders => sql-not-allowed
            """)
    void hostileStatementsAreRefusedWithTheirRule(String sql, String rule) {
        JsonPath problem = new JsonPath(assertProblem(post(Map.of("sql", sql)), 400, rule, "sql").extract().asString());
        assertThat(problem.getString("detail")).doesNotContain(dataDir, "LIMIT", "AS query");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            select 1 as x -- ) as query; create table pwn as select 1; select (1 => 1
            select 1 as x /* ) as query; create table pwn as select 1; select (1 */ => 1
            select ')' || '; drop table silver_orders; --' as x => 1
            """)
    void parenthesesAndCommentsInsideTheQueryAreJustText(String sql, int rows) {
        JsonPath answer = post(Map.of("sql", sql)).then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("rows")).hasSize(rows);
    }

    @Test
    void aHugeCrossJoinIsCutAtTheRowLimit() {
        JsonPath answer = post(Map.of("sql", THOUSAND + "select a.n, b.n, c.n from r a, r b, r c", "limit", "50"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("rows")).hasSize(50);
        assertThat(answer.getBoolean("truncated")).isTrue();
    }

    @Test
    void aLargeAnswerIsCutAtTheByteLimit() {
        Response response = post(Map.of("sql", THOUSAND + "select n, repeat('x', 10000) as filler from r",
                "limit", "10000"));
        JsonPath answer = response.then().statusCode(200).extract().jsonPath();
        assertThat(answer.getBoolean("truncated")).isTrue();
        assertThat(answer.getList("rows").size()).isBetween(500, 900); // 8 MiB of 10 kB rows
        assertThat(response.asByteArray().length).isLessThan(9 * 1024 * 1024);
    }

    @Test
    void aStatementRunningPastTheTimeoutIsCancelled() {
        long started = System.nanoTime();
        assertProblem(post(Map.of("sql", THOUSAND + "select count(*) from r a, r b, r c, r d")), 400, "sql-timeout",
                "sql");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertProblem(post(Map.of("sql", "with recursive r(n) as (select 1 union all select n + 1 from r) "
                + "select max(n) from r")), 400, "sql-timeout", "sql");
    }

    @Test
    void pastTheConcurrencyLimitRequestsAreTurnedAwayWith429AndRetryAfter() throws Exception {
        SqlAdmission admission = warehouse.sqlAdmission();
        List<SqlAdmission.Slot> held = new ArrayList<>();
        try {
            for (int i = 0; i < admission.capacity(); i++) {
                held.add(admission.enter()); // as if that many statements were running
            }
            for (Response response : concurrently(20, i -> post(Map.of("sql", "select 1 as x")))) {
                assertProblem(response, 429, "sql-busy", null);
                assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, 60L);
            }
        } finally {
            held.forEach(SqlAdmission.Slot::close);
        }
        post(Map.of("sql", "select 1 as x")).then().statusCode(200);
    }

    @Test
    void twentyHostileRequestsAtOnceAreEachRefusedOrBoundedAndTheServiceStaysHealthy() throws Exception {
        List<String> hostile = List.of(
                THOUSAND + "select count(*) from r a, r b, r c, r d",
                "with recursive r(n) as (select 1 union all select n + 1 from r) select * from r",
                THOUSAND + "select a.n, b.n, c.n from r a, r b, r c",
                THOUSAND + "select n, repeat('x', 10000) from r",
                THOUSAND + "select length(string_agg(repeat('y', 10000), ',')) from r a, r b",
                "select 1) q; create table pwn as select 42 x; select * from pwn, (select 1",
                "select * from read_csv('/etc/passwd')",
                "select repeat('x', 5e7)");
        List<Response> responses = concurrently(20, i -> post(Map.of("sql", hostile.get(i % hostile.size()))));
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Response response : responses) {
            statuses.merge(response.statusCode(), 1, Integer::sum);
            switch (response.statusCode()) {
                case 200 -> {
                    JsonPath answer = response.jsonPath();
                    assertThat(answer.getList("rows")).hasSizeLessThanOrEqualTo(1_000);
                    assertThat(response.asByteArray().length).isLessThan(9 * 1024 * 1024);
                }
                case 400 -> assertThat(new JsonPath(response.asString()).getString("rule")).isIn(REFUSALS);
                case 429 -> assertProblem(response, 429, "sql-busy", null);
                default -> throw new AssertionError("unexpected " + response.statusCode() + ": " + response.asString());
            }
        }
        assertThat(statuses).as("statuses").containsOnlyKeys(200, 400, 429);

        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/q/health/ready").then().statusCode(200));
        JsonPath normal = post(Map.of("sql", "select count(*) as orders from silver_orders")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(normal.getList("columns")).containsExactly("orders");
        assertThat(Path.of(dataDir, "sql-temp").toFile().list()).as("every statement's temp files are gone")
                .isEmpty();
    }

    private static Response post(Map<String, String> body) {
        return json(body).post("/api/warehouse/sql");
    }

    /** Sends {@code count} requests at once (one thread each) and returns their responses. */
    private static List<Response> concurrently(int count, IntFunction<Response> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Response>) () -> request.apply(index)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
