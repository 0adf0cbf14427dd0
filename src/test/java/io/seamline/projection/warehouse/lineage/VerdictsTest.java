package io.seamline.projection.warehouse.lineage;

import io.seamline.projection.warehouse.lineage.RevenueWalk.Reason;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Totals;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Verdict;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerdictsTest {

    private static final Totals TRUTH = totals("30.00", 2);
    private static final List<String> EVENTS = List.of("e1", "e2");
    private static final Duration WARN = Duration.ofSeconds(5);

    @Test
    void everyLayerAgreeing_isAVerdictOfAgreement() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(agreeing("bronze.events"),
                agreeing("silver.order_lines"), agreeing("gold.fact_sales"), agreeing("gold.daily_revenue")));

        assertEquals(Reason.AGREE, verdict.reason());
        assertNull(verdict.layer());
        assertThat(verdict.missingEvents()).isEmpty();
    }

    @Test
    void aLayerBehindItsUpstreamLongerThanItsWarnThreshold_isStalled_andNamesWhatItMisses() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(
                new LayerState("bronze.events", totals("10.00", 1), Set.of("e1"), Set.of("e1"), List.of(), true, "offsets {0=1}",
                        "Kafka's end offsets {0=2}", Duration.ofSeconds(6), WARN),
                differing("silver.order_lines")));

        assertEquals("bronze.events", verdict.layer());
        assertEquals(Reason.STALLED, verdict.reason());
        assertEquals(List.of("e2"), verdict.missingEvents());
        assertThat(verdict.detail()).contains("behind Kafka's end offsets {0=2}").contains("longer than");
    }

    @Test
    void aLayerBehindWithinItsWarnThreshold_isLagging_notStalled() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(agreeing("bronze.events"),
                new LayerState("silver.order_lines", totals("10.00", 1), Set.of("e1"), Set.of("e1"), List.of(), true, "v3",
                        "bronze at v4", Duration.ofSeconds(2), Duration.ofSeconds(10))));

        assertEquals("silver.order_lines", verdict.layer());
        assertEquals(Reason.LAGGING, verdict.reason());
    }

    @Test
    void theFirstLayerThatDiffers_isNamed_notALaterOne() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(agreeing("bronze.events"),
                differing("silver.order_lines"), differing("gold.fact_sales")));

        assertEquals("silver.order_lines", verdict.layer());
        assertEquals(Reason.MISSING_EVENTS, verdict.reason());
        assertEquals(List.of("e2"), verdict.missingEvents());
    }

    @Test
    void aCaughtUpLayerHoldingMore_hasExtraEvents() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(new LayerState("bronze.events",
                totals("45.00", 3), Set.of("e1", "e2"), Set.of("e1", "e2"), List.of("order o9"), false, "v2", "Kafka",
                Duration.ofMinutes(5), WARN)));

        assertEquals(Reason.EXTRA_EVENTS, verdict.reason());
        assertEquals(List.of("order o9"), verdict.extraEvents());
    }

    @Test
    void aCaughtUpLayerWithEveryEventButAnotherNumber_computesDifferentValues() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(agreeing("bronze.events"),
                agreeing("gold.fact_sales"), new LayerState("gold.daily_revenue", totals("31.00", 2),
                        Set.of("e1", "e2"), Set.of("e1", "e2"), List.of(), false, "v7", "gold.fact_sales at v7",
                        Duration.ofHours(1),
                        WARN)));

        assertEquals("gold.daily_revenue", verdict.layer());
        assertEquals(Reason.DIFFERENT_VALUES, verdict.reason());
        assertThat(verdict.unreflectedEvents()).isEmpty();
    }

    @Test
    void aCaughtUpLayerThatReceivedAnEventItsRowsDoNotReflect_computesDifferentValues_namingTheEvent() {
        Verdict verdict = Verdicts.decide(TRUTH, EVENTS, List.of(agreeing("bronze.events"),
                new LayerState("gold.fact_sales", totals("40.00", 2), Set.of("e1"), Set.of("e1", "e2"), List.of(),
                        false, "v7", "silver at v7", Duration.ofHours(1), WARN)));

        assertEquals("gold.fact_sales", verdict.layer());
        assertEquals(Reason.DIFFERENT_VALUES, verdict.reason());
        assertEquals(List.of("e2"), verdict.unreflectedEvents());
        assertThat(verdict.missingEvents()).isEmpty();
        assertThat(verdict.detail()).contains("do not reflect 1 event(s) its watermark covers");
    }

    private static LayerState agreeing(String layer) {
        return new LayerState(layer, TRUTH, Set.copyOf(EVENTS), Set.copyOf(EVENTS), List.of(), false, "v1", "upstream",
                Duration.ofHours(1), WARN);
    }

    /** Misses e2 but is caught up with its upstream. */
    private static LayerState differing(String layer) {
        return new LayerState(layer, totals("10.00", 1), Set.of("e1"), Set.of("e1"), List.of(), false, "v1", "upstream",
                Duration.ofHours(1), WARN);
    }

    private static Totals totals(String gross, long orders) {
        return new Totals(new BigDecimal(gross), new BigDecimal(gross), orders, 0, orders);
    }
}
