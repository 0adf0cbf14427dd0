package io.seamline.http;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.seamline.platform.Roles;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operator actions and SQL statements are recorded append-only, with who, what, parameters, outcome and time. */
@QuarkusTest
class AuditIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void operatorAction_isRecordedWithCallerRouteParametersOutcomeAndDuration() {
        long head = ApiFixtures.logHead(); // a replay after the head re-sends nothing
        as(Roles.OPERATOR).contentType(ContentType.JSON).queryParam("after", head).post("/api/admin/replay/relay")
                .then().statusCode(202);

        Map<String, Object> entry = newest("POST /api/admin/replay/relay");
        assertThat(entry.get("actor")).isEqualTo("test-operator");
        assertThat(entry.get("roles")).isEqualTo("operator");
        assertThat(((Map<?, ?>) entry.get("parameters")).get("after")).isEqualTo(Long.toString(head));
        assertThat(entry.get("outcome")).isEqualTo("ok");
        assertThat(((Number) entry.get("durationMs")).longValue()).isNotNegative();
        assertThat((String) entry.get("at")).isNotBlank();
    }

    @Test
    void refusedOperatorAction_isRecordedWithWhyItWasRefused() {
        as(Roles.OPERATOR).contentType(ContentType.JSON).queryParam("repair", "maybe")
                .post("/api/admin/reconcile/rowstore").then().statusCode(400);

        Map<String, Object> entry = newest("POST /api/admin/reconcile/{model}");
        assertThat(((Map<?, ?>) entry.get("parameters")).get("model")).isEqualTo("rowstore");
        assertThat(((Map<?, ?>) entry.get("parameters")).get("repair")).isEqualTo("maybe");
        assertThat((String) entry.get("outcome")).startsWith("RuleViolation").contains("repair must be true or false");
    }

    @Test
    void sqlStatements_areRecordedWithTheStatementAndTheAnalyst() {
        String statement = "select count(*) as n from gold_daily_revenue -- audit " + System.nanoTime();
        as(Roles.ANALYST).contentType(ContentType.JSON).body(Map.of("sql", statement)).post("/api/warehouse/sql")
                .then().statusCode(200);
        as(Roles.ANALYST).contentType(ContentType.JSON).body(Map.of("sql", "drop table gold_daily_revenue"))
                .post("/api/warehouse/sql").then().statusCode(400);

        List<Map<String, Object>> entries = page(Map.of("actor", "test-analyst"));
        Map<String, Object> refused = entries.get(0);
        Map<String, Object> answered = entries.get(1);
        assertThat(refused.get("action")).isEqualTo("POST /api/warehouse/sql");
        assertThat(((Map<?, ?>) ((Map<?, ?>) refused.get("parameters")).get("request")).get("sql"))
                .isEqualTo("drop table gold_daily_revenue");
        assertThat((String) refused.get("outcome")).isNotEqualTo("ok");
        assertThat(((Map<?, ?>) ((Map<?, ?>) answered.get("parameters")).get("request")).get("sql")).isEqualTo(statement);
        assertThat(answered.get("outcome")).isEqualTo("ok");
    }

    @Test
    void readersActions_areNotOperatorActions_andAreNotRecorded() {
        long before = page(Map.of()).stream().mapToLong(e -> ((Number) e.get("id")).longValue()).max().orElse(0);
        as(Roles.READER).get("/api/freshness").then().statusCode(200);
        // the audit page read below is itself the only new entry
        List<Map<String, Object>> after = page(Map.of());
        assertThat(after.stream().filter(e -> ((Number) e.get("id")).longValue() > before)
                .map(e -> e.get("action"))).containsOnly("GET /api/admin/audit");
    }

    @Test
    void pages_areNewestFirst_andFollowBefore() {
        for (int i = 0; i < 3; i++) {
            as(Roles.OPERATOR).get("/api/admin/faults").then().statusCode(200);
        }
        List<Map<String, Object>> first = page(Map.of("limit", 2));
        long lastId = ((Number) first.get(1).get("id")).longValue();
        List<Map<String, Object>> next = page(Map.of("limit", 2, "before", lastId));
        assertThat(((Number) first.get(0).get("id")).longValue()).isGreaterThan(lastId);
        assertThat(next).allSatisfy(e -> assertThat(((Number) e.get("id")).longValue()).isLessThan(lastId));
    }

    @Test
    void theTable_refusesUpdateDeleteAndTruncate_evenToTheServicesOwnConnection() throws SQLException {
        as(Roles.OPERATOR).get("/api/admin/faults").then().statusCode(200);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_log set actor = 'someone else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_log"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_log"))
                    .hasMessageContaining("append-only");
        }
        assertThat(page(Map.of())).isNotEmpty();
    }

    private static Map<String, Object> newest(String action) {
        return page(Map.of()).stream().filter(e -> action.equals(e.get("action"))).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + action));
    }

    private static List<Map<String, Object>> page(Map<String, ?> query) {
        JsonPath answer = as(Roles.OPERATOR).queryParams(query).get("/api/admin/audit")
                .then().statusCode(200).extract().jsonPath();
        return answer.getList("$");
    }
}
