package io.seamline.seam.reconcile;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.projection.search.KeywordSearch;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.InjectedFaults;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;

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
        api().get("/api/products/" + id).then().statusCode(200).body("version", equalTo(1))
                .body("title", equalTo("Renamed"));
        assertThat(reconciler.reconcile("rowstore", false).examples()).extracting(Drift::aggregateId)
                .doesNotContain(id);
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
