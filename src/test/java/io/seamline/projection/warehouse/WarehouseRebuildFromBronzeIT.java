package io.seamline.projection.warehouse;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.seamline.http.ApiFixtures;
import jakarta.inject.Inject;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /api/admin/replay/warehouse?from=bronze}: silver and gold refolded from the live bronze. Gold made wrong
 * by a fold bug is right again after it, and equal table by table to a rebuild from Kafka, while the warehouse checked
 * no record against its schema (the Prometheus counter of checked records stands still; the Kafka rebuild moves it).
 * Records bronze had not landed when it ran land in the new generation afterwards, once. Another {@code from} is a
 * 400 naming it; a second replay while one runs is a 409.
 */
@QuarkusTest
class WarehouseRebuildFromBronzeIT {

    private static final String FOLD_BUG = "/api/admin/faults/fold-bugs/gold-drops-cancellations";
    private static final String STALL = "/api/admin/faults/stalls/warehouse";
    private static final Pattern CHECKED = Pattern.compile("(?m)^seamline_warehouse_records_checked_total(?:\\{[^}]*})? (\\S+)$");

    @Inject
    WarehousePipeline pipeline;
    @Inject
    WarehouseProbe probe;

    @AfterEach
    void liftTheFaults() {
        api().delete(FOLD_BUG).then().statusCode(200);
        api().delete(STALL).then().statusCode(200);
    }

    @Test
    void goldMadeWrongByAFoldBug_isRightAfterARefoldFromBronze_asARebuildFromKafkaMakesIt_checkingNoRecord() {
        String kettle = createProduct("24.99");
        placeOrder(kettle, 1);
        String cancelled = placeOrder(kettle, 2);
        probe.awaitRefined();
        command().post(FOLD_BUG).then().statusCode(200);
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);
        probe.awaitRefined();
        assertEquals("CANCELLED", status("silver.orders", cancelled));
        assertThat(factStatuses(cancelled)).as("gold's facts lost the cancellation").doesNotContain("CANCELLED");
        api().delete(FOLD_BUG).then().statusCode(200);

        long checkedBefore = recordsChecked();
        JsonPath fromBronze = replay("bronze");
        assertEquals("BRONZE", fromBronze.getString("details.source"));
        assertEquals(0, fromBronze.getLong("details.records"), "records read from Kafka");
        assertThat(fromBronze.getLong("details.events")).isPositive();
        assertEquals(checkedBefore, recordsChecked(), "records checked against their schemas by the refold");

        probe.awaitRefined();
        assertThat(factStatuses(cancelled)).isNotEmpty().containsOnly("CANCELLED");
        Map<String, List<String>> refolded = probe.snapshot();

        JsonPath fromKafka = ApiFixtures.replay("warehouse");
        assertEquals("KAFKA", fromKafka.getString("details.source"));
        // every event it lands was checked; a record refused before (not an envelope at all) is not
        assertThat(recordsChecked()).as("a rebuild from Kafka checks every record again")
                .isGreaterThanOrEqualTo(checkedBefore + fromKafka.getLong("details.events"));
        probe.awaitRefined();
        Map<String, List<String>> rebuilt = probe.snapshot();
        for (String table : rebuilt.keySet()) {
            assertThat(refolded.get(table)).as(table).containsExactlyInAnyOrderElementsOf(rebuilt.get(table));
        }
    }

    @Test
    void recordsBronzeHasNotLandedWhenTheRefoldRuns_landInTheNewGenerationAfterIt_onceEach() {
        String kettle = createProduct("12.00");
        String before = placeOrder(kettle, 1);
        probe.awaitRefined();
        command().post(STALL).then().statusCode(200); // the live consumer polls nothing: bronze stops landing
        String during = placeOrder(kettle, 3);

        replay("bronze");
        assertThat(probe.column("silver.orders", "order_id")).contains(before).doesNotContain(during);

        api().delete(STALL).then().statusCode(200);
        probe.awaitRefined(); // the live consumer resumed from the new generation's bronze offsets
        assertThat(probe.column("silver.orders", "order_id")).containsOnlyOnce(before, during);
        assertThat(probe.column("gold.fact_sales", "order_id")).contains(before, during);
        // its one event once (bronze keeps what earlier tests' relay replays sent twice: raw is raw)
        assertThat(probe.column("bronze.events", "aggregate_id")).containsOnlyOnce(during);
    }

    @Test
    void anotherFrom_is400NamingIt_andASecondReplayWhileOneRuns_is409() throws Exception {
        assertRefused(400, "invalid-parameter", "from", () -> start("parquet"));
        assertThat(start("parquet").then().extract().<String>path("detail")).contains("kafka", "bronze");
        assertRefused(400, "invalid-parameter", "from", () -> command().queryParam("from", "bronze")
                .post("/api/admin/replay/rowstore"));

        try (Hold writer = Hold.writerOf(pipeline)) {
            String running = start("bronze").then().statusCode(202).extract().path("id");
            awaitPhase(running, "FOLDING_RETAINED");
            assertProblem(start("bronze"), 409, "replay-running", "model");
            assertProblem(command().post("/api/admin/replay/warehouse"), 409, "replay-running", "model");
            writer.release();
            awaitSucceeded(running);
        }
    }

    private static Response start(String from) {
        return command().queryParam("from", from).post("/api/admin/replay/warehouse");
    }

    private static JsonPath replay(String from) {
        Response started = start(from);
        started.then().statusCode(202);
        String job = started.path("id");
        assertThat(started.header("Location")).endsWith("/api/admin/replays/" + job);
        return awaitSucceeded(job);
    }

    private static JsonPath awaitSucceeded(String job) {
        JsonPath done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/admin/replays/" + job).then().statusCode(200).extract().jsonPath(),
                        status -> status.getString("outcome") != null);
        assertThat(done.getString("outcome")).as(done.prettify()).isEqualTo("SUCCEEDED");
        return done;
    }

    private static void awaitPhase(String job, String phase) {
        await().atMost(EVENTUALLY).until(() -> phase.equals(api().get("/api/admin/replays/" + job).then()
                .statusCode(200).extract().path("phase")));
    }

    private static long recordsChecked() {
        String scrape = api().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = CHECKED.matcher(scrape);
        assertThat(value.find()).as("seamline_warehouse_records_checked_total in /q/metrics").isTrue();
        return (long) Double.parseDouble(value.group(1));
    }

    private String status(String table, String orderId) {
        return rowsOf(table, orderId).getFirst().get("status");
    }

    private List<String> factStatuses(String orderId) {
        return rowsOf("gold.fact_sales", orderId).stream().map(row -> row.get("status")).toList();
    }

    private List<Map<String, String>> rowsOf(String table, String orderId) {
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        probe.scan(table, List.of("order_id", "status"), batch -> {
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (orderId.equals(String.valueOf(batch.getVector("order_id").getObject(i)))) {
                    Map<String, String> row = new HashMap<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        row.put(vector.getName(), String.valueOf(vector.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        });
        return rows;
    }

    private static String placeOrder(Object... productAndQuantity) {
        return json(orderBody("customer-bronze", productAndQuantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * Holds the live warehouse writer (its lock, which a refold takes to link bronze) on another thread until
     * released: the refold waits in its first phase, and the live landing waits too.
     */
    private static final class Hold implements AutoCloseable {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread holder;

        private Hold(Object monitor) throws InterruptedException {
            holder = Thread.ofPlatform().start(() -> {
                synchronized (monitor) {
                    held.countDown();
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            held.await();
        }

        static Hold writerOf(WarehousePipeline pipeline) throws InterruptedException {
            return new Hold(ClientProxy.unwrap(pipeline));
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() throws InterruptedException {
            release();
            holder.join();
        }
    }
}
