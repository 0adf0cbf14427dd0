package io.seamline.seam.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.platform.EventJson;
import io.seamline.projection.search.KeywordSearch;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.fault.InjectedFaults;
import io.seamline.seam.model.Drift;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drift made for real in the running read models (a row lost, a discontinue never applied) is found by
 * reconciliation with the right kind, repaired from the event store, and gone on the next look.
 */
@QuarkusTest
class ReconcileIT {

    @Inject
    Reconciler reconciler;
    @Inject
    DataSource dataSource;
    @Inject
    InjectedFaults faults;
    @Inject
    KeywordSearch keyword;
    @Inject
    VectorReadModel vectors;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @AfterEach
    void clear() {
        faults.clear();
    }

    @Test
    void lostRow_isFoundMissing_repairedAtItsVersion_andFoundNoMore() throws Exception {
        String id = ApiFixtures.createProduct("7.00");
        api().contentType("application/json").body("{\"title\":\"Renamed\"}").patch("/api/products/" + id)
                .then().statusCode(200);
        ApiFixtures.awaitProduct(id, 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from rowstore_product where id = ?")) {
            delete.setString(1, id);
            assertEquals(1, delete.executeUpdate());
        }

        ReconciliationReport found = reconciler.reconcile("rowstore", false);

        assertThat(found.examples()).contains(new Drift(id, Drift.Kind.MISSING, 1L, null));
        assertFalse(found.repaired());

        ReconciliationReport repaired = reconciler.reconcile("rowstore", true);

        assertThat(repaired.examples()).contains(new Drift(id, Drift.Kind.MISSING, 1L, null));
        api().get("/api/products/" + id).then().statusCode(200).body("aggregateVersion", equalTo(1))
                .body("title", equalTo("Renamed"));
        assertThat(reconciler.reconcile("rowstore", false).examples()).extracting(Drift::aggregateId)
                .doesNotContain(id);
    }

    @Test
    void rewoundSequence_revivedProduct_andPhantomRow_eachFoundAsItsKind_repaired_andASecondRepairFindsNothing()
            throws Exception {
        String rewound = ApiFixtures.createProduct("5.00");
        api().contentType("application/json").body("{\"title\":\"Second title\"}").patch("/api/products/" + rewound)
                .then().statusCode(200);
        ApiFixtures.awaitProduct(rewound, 1);
        String revived = ApiFixtures.createProduct("6.00");
        ApiFixtures.discontinue(revived);
        String phantom = UUID.randomUUID().toString();
        sql("update rowstore_product set sequence = 0, title = 'First title' where id = ?", rewound);
        sql("update rowstore_product set discontinued = false, discontinued_at = null where id = ?", revived);
        sql("""
                insert into rowstore_product (id, sku, title, price_amount, price_currency, sequence, updated_at)
                values (?, 'SKU-PHANTOM', 'Never created', 1.00, 'EUR', 0, now())""", phantom);
        List<Drift> made = List.of(new Drift(rewound, Drift.Kind.STALE, 1L, 0L),
                new Drift(revived, Drift.Kind.LIVE_BUT_DISCONTINUED, 1L, 1L),
                new Drift(phantom, Drift.Kind.EXTRA, null, 0L));

        assertThat(ours(reconciler.reconcile("rowstore", false), rewound, revived, phantom))
                .containsExactlyInAnyOrderElementsOf(made);

        ReconciliationReport repaired = reconciler.reconcile("rowstore", true);

        assertThat(ours(repaired, rewound, revived, phantom)).containsExactlyInAnyOrderElementsOf(made);
        api().get("/api/products/" + rewound).then().statusCode(200).body("aggregateVersion", equalTo(1))
                .body("title", equalTo("Second title"));
        api().get("/api/products/" + revived).then().statusCode(200).body("discontinued", equalTo(true));
        api().get("/api/products/" + phantom).then().statusCode(404);
        assertThat(ours(reconciler.reconcile("rowstore", true), rewound, revived, phantom)).isEmpty();
    }

    @Test
    void productTheEventStoreNeverHad_reachingEveryModelThroughTheTopic_isExtraEverywhere_andRepairedAway()
            throws Exception {
        String phantom = UUID.randomUUID().toString();
        ObjectNode payload = EventJson.mapper().createObjectNode().put("productId", phantom)
                .put("sku", "PHANTOM-" + phantom).put("title", "Phantom kettle").put("description", "never created")
                .put("category", "Home & Kitchen > Kettles");
        payload.putObject("price").put("amount", new BigDecimal("3.00")).put("currency", "EUR");
        payload.putObject("attributes");
        // an outbox bug's record: a valid event at a position already relayed, which the event store does not hold
        ApiFixtures.createProduct("2.00");
        long head = ApiFixtures.logHead();
        publish(phantom, new EventEnvelope(UUID.randomUUID().toString(), "ProductCreated", 2, "Product", phantom, 0,
                head, Instant.now(), "test", payload));
        await().atMost(EVENTUALLY).until(() -> keyword.contains(phantom) && vectors.contains(phantom)
                && api().get("/api/products/" + phantom).statusCode() == 200);
        Drift extra = new Drift(phantom, Drift.Kind.EXTRA, null, 0L);
        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(ours(reconciler.reconcile("warehouse", false), phantom)).containsExactly(extra));

        for (String model : new String[]{"rowstore", "warehouse", "search", "vectors"}) {
            assertThat(ours(reconciler.reconcile(model, false), phantom)).as(model).containsExactly(extra);

            ReconciliationReport repaired = reconciler.reconcile(model, true);

            assertThat(ours(repaired, phantom)).as(model).containsExactly(extra);
            assertThat(ours(reconciler.reconcile(model, false), phantom)).as(model + " after the repair").isEmpty();
        }
        assertFalse(keyword.contains(phantom));
        assertFalse(vectors.contains(phantom));
        api().get("/api/products/" + phantom).then().statusCode(404);
    }

    private void publish(String key, EventEnvelope envelope) throws Exception {
        kafka.send(new ProducerRecord<>(topic, key, EventJson.mapper().writeValueAsBytes(envelope)));
    }

    /** The drift a report lists for the given aggregates (the app is shared: other tests' keys are not ours). */
    private static List<Drift> ours(ReconciliationReport report, String... ids) {
        Set<String> wanted = Set.of(ids);
        return report.examples().stream().filter(d -> wanted.contains(d.aggregateId())).toList();
    }

    private void sql(String statement, String id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, id);
            assertEquals(1, ps.executeUpdate(), statement);
        }
    }

    @Test
    void lostDiscontinue_isFoundLiveInBothIndexes_andRepairedAway() {
        String id = ApiFixtures.createProduct("9.00");
        await().atMost(EVENTUALLY).until(() -> keyword.contains(id) && vectors.contains(id));
        faults.drop(Set.of("search", "vectors"), id, "ProductDiscontinued");
        ApiFixtures.discontinue(id);
        await().atMost(EVENTUALLY).until(() -> faults.state().drops().get(0).dropped().get() == 2);
        faults.clear();
        assertTrue(keyword.contains(id) && vectors.contains(id), "both indexes lost the discontinue");

        for (String model : new String[]{"search", "vectors"}) {
            ReconciliationReport found = reconciler.reconcile(model, false);
            assertThat(found.examples()).as(model).contains(new Drift(id, Drift.Kind.LIVE_BUT_DISCONTINUED, 1L, 0L));

            ReconciliationReport repaired = reconciler.reconcile(model, true);
            assertThat(repaired.examples()).as(model).extracting(Drift::aggregateId).contains(id);
            assertThat(reconciler.reconcile(model, false).examples()).as(model).extracting(Drift::aggregateId)
                    .doesNotContain(id);
        }
        assertFalse(keyword.contains(id));
        assertFalse(vectors.contains(id));
    }

    @Test
    void warehouse_holdsEveryProductAndOrderAtItsSequence() {
        String product = ApiFixtures.createProduct("4.00");
        String order = ApiFixtures.placeOrder(product);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            ReconciliationReport report = reconciler.reconcile("warehouse", false);
            assertThat(report.modelKeys()).isPositive();
            assertThat(report.examples()).extracting(Drift::aggregateId).doesNotContain(product, order);
            assertThat(report.truthKeys() - report.inFlight()).isPositive();
        });
    }
}
