package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * POST /api/admin/reconcile/{model} runs a reconciliation, GET answers the same run's report again (JSON or
 * markdown), the Prometheus gauges follow the last run, and bad input is refused as a problem naming it.
 */
@QuarkusTest
class ReconcileApiIT {

    @Inject
    DataSource dataSource;

    @Test
    void phantomRow_isReported_theSameRunReadsBackAsMarkdown_andTheGaugesFollowTheRepair() throws Exception {
        String phantom = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into rowstore_product (id, sku, title, price_amount, price_currency, sequence, updated_at)
                values (?, 'SKU-PHANTOM', 'Never created', 1.00, 'EUR', 3, now())""")) {
            ps.setString(1, phantom);
            assertEquals(1, ps.executeUpdate());
        }

        JsonPath found = command().post("/api/admin/reconcile/rowstore?repair=false").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();

        assertThat(found.getList("examples.findAll { it.aggregateId == '" + phantom + "' }.kind"))
                .containsExactly("EXTRA");
        assertThat(found.getLong("timings.confirmWait")).as("a suspected drift is looked at twice")
                .isGreaterThanOrEqualTo(1000);
        String markdown = api().accept("text/markdown").get("/api/admin/reconcile/rowstore").then().statusCode(200)
                .contentType("text/markdown").extract().asString();
        assertThat(markdown).contains("## Reconciliation of rowstore, " + found.getString("at"))
                .contains("| " + phantom + " | EXTRA | – | 3 |");
        assertEquals(found.getString("at"), api().get("/api/admin/reconcile/rowstore").then().statusCode(200)
                .extract().path("at"));
        assertEquals(found.getLong("drift"), gauge("seamline_reconcile_drift_keys", "rowstore"));

        JsonPath repaired = command().post("/api/admin/reconcile/rowstore?repair=true").then().statusCode(200)
                .extract().jsonPath();

        assertThat(repaired.getList("examples.aggregateId")).contains(phantom);
        assertEquals(repaired.getLong("driftAfterRepair"), gauge("seamline_reconcile_drift_keys", "rowstore"));
        assertEquals(Instant.parse(repaired.getString("at")).toEpochMilli() / 1000.0,
                gauge("seamline_reconcile_last_run_timestamp_seconds", "rowstore"), 0.001);
        api().get("/api/products/" + phantom).then().statusCode(404);
    }

    @Test
    void unknownModel_isNotFound_andARepairThatIsNoBoolean_isRefusedNamingIt() {
        assertRefused(404, "not-found", null, () -> command().post("/api/admin/reconcile/kafka?repair=false"));
        assertRefused(404, "not-found", null, () -> api().get("/api/admin/reconcile/kafka"));
        assertRefused(400, "not-a-boolean", "repair", () -> command().post("/api/admin/reconcile/search?repair=yes"));
    }

    /** A gauge's value for one model, from the service's Prometheus page. */
    private static double gauge(String name, String model) {
        String metrics = api().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{model=\"" + model + "\"} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name + " for " + model).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
