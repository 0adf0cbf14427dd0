package io.seamline.projection.warehouse;

import io.seamline.http.ApiFixtures;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.seamline.projection.warehouse.sql.SqlLimits;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.ArrowColumnReader;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warehouse rebuilt from the log equals the live one, table by table and row by row; the live gold tables
 * equal their SQL definitions over live silver; every table's files have the schema its contract declares.
 */
@QuarkusTest
class WarehouseReplayIT {

    @Inject
    WarehousePipeline pipeline;
    @Inject
    WarehouseProbe probe;

    @Test
    void theRebuiltWarehouseEqualsTheLiveOne() throws Exception {
        ordersPlacedPaidShippedAndCancelled();
        probe.awaitRefined();
        Map<String, List<String>> live = probe.snapshot();
        assertThat(live.get("gold.fact_sales")).isNotEmpty();
        assertThat(live.get("gold.daily_revenue")).isNotEmpty();

        JsonPath result = ApiFixtures.replay("warehouse");
        assertThat(result.getLong("details.records")).isPositive();

        probe.awaitRefined();
        Map<String, List<String>> rebuilt = probe.snapshot();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyInAnyOrderElementsOf(live.get(table));
        }
    }

    @Test
    void liveGoldEqualsItsSqlDefinitionOverLiveSilver() throws Exception {
        ordersPlacedPaidShippedAndCancelled();
        probe.awaitRefined();
        try (BufferAllocator allocator = new RootAllocator()) {
            // whole tables as answers: more time and answer bytes than a request gets
            SqlLimits limits = SqlLimits.defaults(pipeline.root().resolveSibling("sql-temp-replay"))
                    .withTimeout(Duration.ofSeconds(30)).withAnswerBytes(Long.MAX_VALUE);
            WarehouseSql sql = new WarehouseSql(pipeline.tables(), allocator, limits);
            for (String gold : List.of("fact_sales", "daily_revenue")) {
                WarehouseSql.Result reference = sql.run(goldSql(gold), null, 1_000_000);
                WarehouseSql.Result maintained = sql.run("select * from gold_" + gold, null, 1_000_000);
                assertThat(reference.truncated()).as(gold).isFalse();
                assertThat(maintained.rows()).as(gold).isNotEmpty()
                        .containsExactlyInAnyOrderElementsOf(reference.rows());
            }
        }
    }

    @Test
    void everyTablesFilesHaveTheSchemaItsContractDeclares() throws IOException {
        ordersPlacedPaidShippedAndCancelled();
        probe.awaitRefined();
        WarehouseContract contract = WarehouseContract.load();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (ArrowTable table : pipeline.tables().all().values()) {
                for (DataFile file : table.current().files()) {
                    try (ArrowColumnReader reader = ArrowColumnReader.open(table.dir().resolve(file.path()), allocator)) {
                        assertThat(contract.differences(table.name(), reader.schema())).as(file.path()).isEmpty();
                    }
                }
            }
        }
        assertThat(pipeline.tables().get("gold.fact_sales").current().files()).isNotEmpty();
    }

    private static void ordersPlacedPaidShippedAndCancelled() {
        String kettle = createProduct("24.99");
        String mug = createProduct("7.50");
        String shipped = placeOrder(kettle, 1, mug, 3);
        String cancelled = placeOrder(kettle, 2);
        placeOrder(mug, 1);
        command().post("/api/orders/" + shipped + "/pay").then().statusCode(200);
        command().post("/api/orders/" + shipped + "/ship").then().statusCode(200);
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);
    }

    private static String placeOrder(Object... productAndQuantity) {
        return json(orderBody("customer-7", productAndQuantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }

    private static String goldSql(String name) throws IOException {
        try (InputStream in = WarehouseReplayIT.class.getClassLoader()
                .getResourceAsStream("projections/warehouse/gold/" + name + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
