package io.seamline.seam.gate;

import io.seamline.seam.contract.SeamContract;
import io.seamline.seam.monitor.Freshness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeamGateTest {

    private static final SeamContract.FreshnessSla SLA = new SeamContract.FreshnessSla(Duration.ofSeconds(5),
            Duration.ofSeconds(60));

    private static SeamContract seam(String id, String consumer, Optional<SeamContract.FreshnessSla> sla,
                                     boolean synchronous) {
        return new SeamContract(id, consumer, "projections/" + id + "/contract.yaml", "team", "topic", "table",
                List.of(), "at-least-once", List.of("aggregateId", "sequence"), "per aggregate", sla, synchronous,
                "compare", "repair");
    }

    private static Freshness.ConsumerFreshness reading(String consumer, Freshness.Status status, double lagSeconds) {
        return new Freshness.ConsumerFreshness(consumer, consumer, 10, Instant.now(), 12, lagSeconds > 0 ? 2 : 0,
                lagSeconds, status, false, SLA.warnAfter(), SLA.errorAfter(), 0, 0, Freshness.Health.UP);
    }

    @Test
    void freshSeams_withoutDrift_pass() {
        SeamGate.Verdict verdict = SeamGate.judge(
                List.of(seam("write", null, Optional.empty(), true), seam("search", "search", Optional.of(SLA), false)),
                List.of(reading("search", Freshness.Status.WARN, 7)), Map.of("search", 0L), Map.of("search", 40L));

        assertTrue(verdict.passed(), verdict.markdown());
        assertThat(verdict.markdown()).contains("| search | PT5S / PT1M | WARN | 2 events, 7.0 s | 0 / 40 | pass |");
    }

    @Test
    void aSeamWithoutAnSla_failsTheGate() {
        SeamGate.Verdict verdict = SeamGate.judge(List.of(seam("vectors", "vectors", Optional.empty(), false)),
                List.of(reading("vectors", Freshness.Status.UNDECLARED, 0)), Map.of("vectors", 0L), Map.of("vectors", 5L));

        assertFalse(verdict.passed());
        assertThat(verdict.findings()).extracting(SeamGate.Finding::problem).containsExactly(SeamGate.Problem.NO_SLA);
    }

    @Test
    void aSeamPastItsErrorThreshold_orDrifted_failsTheGate() {
        SeamGate.Verdict verdict = SeamGate.judge(
                List.of(seam("warehouse", "warehouse", Optional.of(SLA), false), seam("search", "search", Optional.of(SLA), false)),
                List.of(reading("warehouse", Freshness.Status.ERROR, 75), reading("search", Freshness.Status.OK, 0)),
                Map.of("warehouse", 0L, "search", 1L), Map.of("warehouse", 9L, "search", 9L));

        assertFalse(verdict.passed());
        assertThat(verdict.findings()).extracting(SeamGate.Finding::seam, SeamGate.Finding::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("warehouse", SeamGate.Problem.STALE),
                        org.assertj.core.groups.Tuple.tuple("search", SeamGate.Problem.DRIFT));
    }
}
