package io.seamline.e2e;

import io.seamline.e2e.LineageScenarios.Check;
import io.seamline.e2e.LineageScenarios.Fault;
import io.seamline.e2e.LineageScenarios.Layer;
import io.seamline.e2e.LineageScenarios.Outcome;
import io.seamline.e2e.LineageScenarios.Step;
import io.seamline.e2e.LineageScenarios.Totals;
import io.seamline.e2e.LineageScenarios.Verdict;
import io.seamline.e2e.LineageScenarios.Walk;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lineage evidence page: its commands can be pasted into a shell, and a failed check is not hidden. */
class LineagePageTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final Totals OLD = totals("30.00", "30.00", 2);
    private static final Totals NEW = totals("70.00", "70.00", 4);

    @Test
    void stepsAreCurlWithTheReadmesTokenVariables_orSql_andTheComparisonShowsWhichLayersKeptTheOldNumber() {
        String page = LineagePage.markdown(List.of(outcome(new Check("the verdict names bronze.events",
                "STALLED at bronze.events", "STALLED at bronze.events", true))), setup(), Map.of("Source",
                "commit abc1234"), "(timeline)");

        assertThat(page).contains("| Source | commit abc1234 |",
                "**Every verdict named the faulty layer and every number converged.**",
                "curl -s -H \"$O\" -X POST 'localhost:8080/api/admin/faults/enable'",
                "curl -s -H \"$W\" -X POST 'localhost:8080/api/orders/o1/cancel' -H 'Content-Type: application/json'"
                        + " -d '{\"reason\":\"it'\\''s late\"}'",
                "curl -s -H \"$R\" 'localhost:8080/api/dashboard/revenue?from=2026-12-06",
                "    ```sql\n    select 1 from gold_daily_revenue",
                "| bronze.events | 4 | net 30.00, 2 orders | yes | 4 | net 30.00, 2 orders | **no** |",
                "| event store (truth) | | net 30.00, 2 orders | | | net 70.00, 4 orders | |",
                "**STALLED at bronze.events**",
                "bronze.events, silver.order_lines, gold.fact_sales, gold.daily_revenue did not");
    }

    @Test
    void aFailedCheck_isCountedAtTheTop_andMarkedInItsScenario() {
        String page = LineagePage.markdown(List.of(outcome(new Check("the dashboard's number converged", "70.00",
                "30.00", false))), setup(), Map.of(), "");

        assertThat(page).contains("**1 checks were not as expected**", "**1 checks not as expected.**",
                "| the dashboard's number converged | 70.00 | 30.00 | **no** |");
    }

    private static Step setup() {
        return new Step("Enable fault injection", "O", "POST", "/api/admin/faults/enable", null, null, "200");
    }

    private static Outcome outcome(Check check) {
        List<Step> steps = List.of(
                new Step("Cancel", "W", "POST", "/api/orders/o1/cancel", "{\"reason\":\"it's late\"}", null, "200"),
                new Step("Dashboard", "R", "GET", DashboardCell.path(DAY, "Lineage demo x"), null, null, "net 30"),
                new Step("SQL", "A", "POST", "/api/warehouse/sql", null, "select 1 from gold_daily_revenue", "1"));
        Verdict stalled = new Verdict("bronze.events", "STALLED", "bronze.events has not committed for 6.0s",
                List.of("e3", "e4"), List.of(), List.of());
        Verdict agree = new Verdict(null, "AGREE", "every layer agrees", List.of(), List.of(), List.of());
        Walk before = new Walk("2026-12-06T08:00:00Z", 3, OLD, agree, layers(OLD, true));
        Walk after = new Walk("2026-12-06T08:00:10Z", 5, NEW, stalled, layers(OLD, false));
        DashboardCell old = new DashboardCell(DAY, "Lineage demo x", "EUR", OLD.gross(), OLD.net(), 2, 3, 4, 3);
        DashboardCell converged = new DashboardCell(DAY, "Lineage demo x", "EUR", NEW.gross(), NEW.net(), 4, 7, 6, 5);
        return new Outcome(Fault.BRONZE_STALLED, "Lineage demo x", DAY, "p1", steps, old,
                Instant.parse("2026-12-06T08:00:00Z"), old, new Walk(null, -1, NEW, stalled, layers(OLD, false)),
                before, after, "lift the stall", converged, new Walk(null, -1, NEW, agree, layers(NEW, true)),
                List.of(check), 12.5);
    }

    private static List<Layer> layers(Totals totals, boolean agree) {
        return LineageScenarios.LAYERS.stream().map(l -> new Layer(l, 4, "2026-12-06T08:00:00Z", totals, agree))
                .toList();
    }

    private static Totals totals(String gross, String net, long orders) {
        return new Totals(new BigDecimal(gross), new BigDecimal(net), orders, 0, orders);
    }
}
