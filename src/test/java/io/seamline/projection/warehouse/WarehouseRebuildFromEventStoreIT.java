package io.seamline.projection.warehouse;

import io.seamline.http.ApiFixtures;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When retention has deleted the start of the topic, a rebuild reads the log from the event store instead, equals
 * the live warehouse, and the live pipeline then goes on from the topic without landing anything twice. On a topic
 * of its own, since the test deletes records.
 */
@QuarkusTest
@TestProfile(WarehouseRebuildFromEventStoreIT.OwnTopic.class)
class WarehouseRebuildFromEventStoreIT {

    /** A topic no other test reads. */
    public static final class OwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("seamline.topic", "seamline.events.retention-test");
        }
    }

    @Inject
    WarehouseProbe probe;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void aRebuildAfterRetentionReadsTheEventStoreAndEqualsTheLiveWarehouse() throws Exception {
        String kettle = createProduct("24.99");
        String mug = createProduct("7.50");
        String cancelled = json(orderBody("customer-9", kettle, 2, mug, 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        json(orderBody("customer-9", mug, 4)).post("/api/orders").then().statusCode(201);
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);
        probe.awaitRefined();
        Map<String, List<String>> live = probe.snapshot();
        List<String> liveEventIds = probe.column("bronze.events", "event_id");

        deleteEverythingOnTheTopic(probe.endOffsets());
        JsonPath result = ApiFixtures.replay("warehouse");
        assertThat(result.getString("details.source")).isEqualTo("EVENT_STORE");
        assertThat(result.getLong("done")).as("events folded from the event store").isPositive()
                .isEqualTo(result.getLong("total"));

        probe.awaitRefined();
        Map<String, List<String>> rebuilt = probe.snapshot();
        for (String table : List.of("silver.products", "silver.orders", "silver.order_lines", "gold.fact_sales",
                "gold.daily_revenue")) {
            assertThat(rebuilt.get(table)).as(table).isNotEmpty().containsExactlyInAnyOrderElementsOf(live.get(table));
        }
        assertThat(probe.column("bronze.events", "event_id")).containsExactlyInAnyOrderElementsOf(liveEventIds);
        assertThat(probe.column("bronze.events", "kafka_offset")).containsOnly("-1");

        String later = createProduct("3.20"); // through the topic again, after the offsets the rebuild covered
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.column("bronze.events", "aggregate_id").contains(later));
        assertThat(probe.column("bronze.events", "event_id")).doesNotHaveDuplicates().hasSize(liveEventIds.size() + 1);
    }

    /** What retention does to old segments: the partitions then start at their current ends. */
    private void deleteEverythingOnTheTopic(Map<Integer, Long> ends) throws Exception {
        Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
        ends.forEach((partition, end) -> before.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(end)));
        try (Admin admin = kafka.admin()) {
            admin.deleteRecords(before).all().get();
        }
    }
}
