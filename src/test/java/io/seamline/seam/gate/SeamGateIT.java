package io.seamline.seam.gate;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.projection.search.KeywordSearch;
import io.seamline.seam.fault.InjectedFaults;
import io.seamline.seam.reconcile.Reconciler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate in the running service fails on drift injected and left unrepaired (a discontinue the keyword index never
 * saw) and passes that seam again once reconciliation has repaired it. Other tests share the service and may leave
 * drift of their own, so the gate is judged on the search seam's drift count before and after.
 */
@QuarkusTest
class SeamGateIT {

    @Inject
    SeamGate gate;
    @Inject
    InjectedFaults faults;
    @Inject
    KeywordSearch keyword;
    @Inject
    Reconciler reconciler;

    @AfterEach
    void clear() {
        faults.clear();
    }

    @Test
    void injectedDrift_failsTheGate_untilRepaired() {
        String id = ApiFixtures.createProduct("5.00");
        await().atMost(EVENTUALLY).until(() -> keyword.contains(id));
        long before = searchDrift(gate.evaluate());
        faults.drop(Set.of("search"), id, "ProductDiscontinued");
        ApiFixtures.discontinue(id);
        await().atMost(EVENTUALLY).until(() -> faults.state().drops().get(0).dropped().get() == 1);

        SeamGate.Verdict drifted = gate.evaluate();

        assertThat(drifted.passed()).isFalse();
        assertThat(searchDrift(drifted)).isEqualTo(before + 1);

        reconciler.reconcile("search", true);

        assertThat(searchDrift(gate.evaluate())).isZero();
    }

    /** The number of keys the gate found drifted in the search seam (0 when it found none). */
    private static long searchDrift(SeamGate.Verdict verdict) {
        return verdict.findings().stream()
                .filter(f -> f.seam().equals("search") && f.problem() == SeamGate.Problem.DRIFT)
                .mapToLong(f -> Long.parseLong(f.detail().substring(0, f.detail().indexOf(' ')))).sum();
    }
}
