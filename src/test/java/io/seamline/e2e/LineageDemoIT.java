package io.seamline.e2e;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.bench.Evidence;
import io.seamline.e2e.LineageScenarios.Fault;
import io.seamline.e2e.LineageScenarios.Outcome;
import io.seamline.e2e.LineageScenarios.Step;
import io.seamline.seam.fault.InjectedFaults;
import io.seamline.seamcheck.Timeline;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.BACKLOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core of {@code make demo-lineage} run against the in-test service, so the demo cannot rot: for each fault the
 * walk's verdict names the layer and why, the time-travel comparison shows every layer agreeing before the fault and
 * the faulty layer and those downstream keeping the old number after the orders, and the repaired number converges
 * on the event store's.
 */
@QuarkusTest
class LineageDemoIT {

    /** Short waits, but room for a backlog other test classes left the warehouse, and for its rebuild in the suite. */
    private static final LineageScenarios.Settings SHORT = new LineageScenarios.Settings(BACKLOG,
            Duration.ofSeconds(60), BACKLOG, false);

    @Inject
    InjectedFaults faults;

    private final List<String> printed = new ArrayList<>();

    @AfterEach
    void clear() {
        faults.clear();
    }

    @Test
    void bronzeLandingStalled_theVerdictNamesBronze_timeTravelShowsEveryLayerKeepingTheOldNumber_andLiftedItConverges() {
        Outcome outcome = run(Fault.BRONZE_STALLED);

        assertThat(outcome.walk().verdict().missing()).hasSize(2);
        assertStale(outcome);
        assertThat(outcome.converged().gross()).isEqualByComparingTo("70.00");
        assertEquals(4, outcome.converged().orders());
    }

    @Test
    void silverRefineryStalled_theVerdictNamesSilver_whileBronzeHasTheNewOrders() {
        Outcome outcome = run(Fault.SILVER_STALLED);

        assertThat(outcome.after().layer("bronze.events").totals().sameAs(outcome.after().truth())).isTrue();
        assertStale(outcome);
        assertThat(outcome.converged().net()).isEqualByComparingTo("70.00");
    }

    @Test
    void goldDroppingCancellations_theVerdictNamesGoldsFold_andTheRebuildRepairsTheNetRevenue_andThePageNamesItsCommit() {
        Outcome outcome = run(Fault.GOLD_DROPS_CANCELLATIONS);

        assertThat(outcome.walk().verdict().unreflected()).hasSize(1);
        assertThat(outcome.walk().truth().net()).isEqualByComparingTo("30.00");
        assertThat(outcome.wrong().net()).as("gold still counts the cancelled order").isEqualByComparingTo("40.00");
        assertThat(outcome.after().layer("silver.order_lines").agrees()).isTrue();
        assertThat(outcome.steps()).extracting(Step::path).contains("/api/admin/replay/warehouse");
        assertThat(outcome.converged().net()).isEqualByComparingTo("30.00");
        assertEquals(3, outcome.converged().orders());

        Step setup = new Step("Enable fault injection", "O", "POST", "/api/admin/faults/enable", null, null, "200");
        String page = LineagePage.markdown(List.of(outcome), setup,
                Map.of("Source", Evidence.source(Path.of("").toAbsolutePath())), "(timeline)");
        assertThat(Evidence.commitOf(page)).as("the page names its commit as EvidencePagesTest requires").isPresent();
        assertThat(page).contains("**Every verdict named the faulty layer and every number converged.**",
                "**DIFFERENT_VALUES at gold.fact_sales**", "curl -s -H \"$O\" -X POST 'localhost:8080/api/admin/faults/"
                        + "fold-bugs/gold-drops-cancellations'", "```sql", "| gold.daily_revenue |");
    }

    /** Runs the scenario and asserts what every one shows: its verdict, the comparison, and convergence. */
    private Outcome run(Fault fault) {
        Outcome outcome = new LineageScenarios(InTestDemoApi.INSTANCE, new Timeline(printed::add), SHORT).run(fault);

        assertThat(outcome.failures()).as("checks not as expected; the run printed:\n%s",
                String.join("\n", printed)).isEmpty();
        assertEquals(fault.reason, outcome.walk().verdict().reason());
        assertEquals(fault.layer, outcome.walk().verdict().layer());
        assertThat(LineageScenarios.disagreeing(outcome.before())).isEmpty();
        assertEquals(2, outcome.before().truth().orders());
        assertEquals(LineageScenarios.LAYERS.subList(LineageScenarios.LAYERS.indexOf(fault.layer),
                LineageScenarios.LAYERS.size()), LineageScenarios.disagreeing(outcome.after()));
        assertThat(outcome.after().globalIndex()).isGreaterThan(outcome.before().globalIndex());
        assertThat(outcome.convergedWalk().agrees()).isTrue();
        assertThat(outcome.converged().net()).isEqualByComparingTo(outcome.convergedWalk().truth().net());
        assertThat(outcome.steps()).filteredOn(Step::isSql).hasSize(LineageScenarios.LAYERS.size());
        return outcome;
    }

    /** A stall: the dashboard keeps the 2 orders from before it while the event store has 4. */
    private static void assertStale(Outcome outcome) {
        assertEquals(2, outcome.wrong().orders());
        assertEquals(4, outcome.walk().truth().orders());
        assertThat(outcome.wrong().gross()).isEqualByComparingTo(outcome.agreed().gross());
        assertThat(outcome.walk().truth().gross()).isEqualByComparingTo("70.00");
    }
}
