package io.seamline.projection.warehouse;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.ArrowColumnReader;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.TableScan;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warehouse rebuilt from the log equals the live one, table by table and row by row; the live gold tables
 * equal their SQL definitions over live silver; every table's files have the schema its contract declares.
 */
@QuarkusTest
class WarehouseReplayIT {

    /** Set when a row lands, so it differs between a table and its rebuild by design. */
    private static final Set<String> LANDING_TIMES = Set.of("ingested_at", "quarantined_at");

    @Inject
    WarehousePipeline pipeline;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void theRebuiltWarehouseEqualsTheLiveOne() throws Exception {
        ordersPlacedPaidShippedAndCancelled();
        awaitRefined();
        Map<String, List<String>> live = snapshot();
        assertThat(live.get("gold.fact_sales")).isNotEmpty();
        assertThat(live.get("gold.daily_revenue")).isNotEmpty();

        Map<String, Object> result = json(Map.of()).post("/api/admin/replay/warehouse")
                .then().statusCode(200).extract().as(Map.class);
        assertThat(((Number) result.get("records")).longValue()).isPositive();

        awaitRefined();
        Map<String, List<String>> rebuilt = snapshot();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyInAnyOrderElementsOf(live.get(table));
        }
    }

    @Test
    void liveGoldEqualsItsSqlDefinitionOverLiveSilver() throws Exception {
        ordersPlacedPaidShippedAndCancelled();
        awaitRefined();
        try (BufferAllocator allocator = new RootAllocator()) {
            WarehouseSql sql = new WarehouseSql(pipeline.tables(), allocator);
            for (String gold : List.of("fact_sales", "daily_revenue")) {
                WarehouseSql.Result reference = sql.run(goldSql(gold), null, 1_000_000, Duration.ofSeconds(30));
                WarehouseSql.Result maintained = sql.run("select * from gold_" + gold, null, 1_000_000,
                        Duration.ofSeconds(30));
                assertThat(maintained.rows()).as(gold).isNotEmpty()
                        .containsExactlyInAnyOrderElementsOf(reference.rows());
            }
        }
    }

    @Test
    void everyTablesFilesHaveTheSchemaItsContractDeclares() throws IOException {
        ordersPlacedPaidShippedAndCancelled();
        awaitRefined();
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

    /** Waits until bronze has every record on the topic and all five refined tables reflect bronze's version. */
    private void awaitRefined() {
        Map<Integer, Long> end = endOffsets();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            WarehouseTables tables = pipeline.tables();
            ArrowTable bronze = tables.bronzeEvents();
            Map<Integer, Long> landed = bronze.current().watermark().kafkaOffsets();
            boolean allLanded = end.entrySet().stream().allMatch(e -> landed.getOrDefault(e.getKey(), 0L) >= e.getValue());
            return allLanded && tables.all().values().stream().filter(t -> !t.name().startsWith("bronze."))
                    .allMatch(t -> t.current().watermark().sourceVersion() == bronze.current().version());
        });
    }

    /** Every row of every table as text, minus the landing times. */
    private Map<String, List<String>> snapshot() throws IOException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (ArrowTable table : pipeline.tables().all().values()) {
                List<String> rows = new ArrayList<>();
                TableScan.scan(table, table.current(), null, p -> true, allocator, batch -> {
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (FieldVector vector : batch.getFieldVectors()) {
                            if (!LANDING_TIMES.contains(vector.getName())) {
                                row.put(vector.getName(), String.valueOf(vector.getObject(i)));
                            }
                        }
                        rows.add(row.toString());
                    }
                    return true;
                });
                tables.put(table.name(), rows);
            }
        }
        return tables;
    }

    private static String goldSql(String name) throws IOException {
        try (InputStream in = WarehouseReplayIT.class.getClassLoader()
                .getResourceAsStream("projections/warehouse/gold/" + name + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((p, offset) -> end.put(p.partition(), offset));
            return end;
        }
    }
}
