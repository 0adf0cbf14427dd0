package io.seamline.seam.fault;

import io.seamline.domain.Conflict;
import io.seamline.domain.RuleViolation;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectedFaultsTest {

    @Test
    void disabled_refusesEveryFault_untilEnabled() {
        InjectedFaults faults = new InjectedFaults(() -> false);

        assertThatThrownBy(() -> faults.stall("warehouse")).isInstanceOf(Conflict.class)
                .hasMessageContaining("/api/admin/faults/enable");
        assertThatThrownBy(() -> faults.drop(Set.of("search"), "p-1", "ProductDiscontinued"))
                .isInstanceOf(Conflict.class);
        assertFalse(faults.stalled("warehouse"));

        faults.enable();
        faults.stall("warehouse");

        assertTrue(faults.stalled("warehouse"));
        assertFalse(faults.stalled("search"));
    }

    @Test
    void batchFailure_failsTheNextBatchOfEachNamedConsumer_once() {
        InjectedFaults faults = new InjectedFaults(() -> false);
        assertThatThrownBy(() -> faults.failNextBatch(Set.of("search"))).isInstanceOf(Conflict.class);
        faults.enable();
        faults.failNextBatch(Set.of("search", "vectors"));

        faults.beforeBatch("rowstore"); // not named: nothing fails
        assertThatThrownBy(() -> faults.beforeBatch("search")).hasMessageContaining("injected fault: search");
        faults.beforeBatch("search"); // once only: the retry goes through

        assertThat(faults.state().batchFailures()).extracting(f -> f.consumer() + "=" + f.failed().get())
                .containsExactlyInAnyOrder("search=true", "vectors=false");
        faults.clear();
        faults.beforeBatch("vectors");
        assertThat(faults.state().batchFailures()).isEmpty();
    }

    @Test
    void foldBug_isArmedOnlyWhenEnabled_byItsName_untilLifted() {
        InjectedFaults faults = new InjectedFaults(() -> false);
        assertThatThrownBy(() -> faults.arm("gold-drops-cancellations")).isInstanceOf(Conflict.class);
        faults.enable();
        assertThatThrownBy(() -> faults.arm("gold-drops-everything")).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("gold-drops-cancellations");
        assertFalse(faults.armed(FoldBug.GOLD_DROPS_CANCELLATIONS));

        faults.arm("gold-drops-cancellations");

        assertTrue(faults.armed(FoldBug.GOLD_DROPS_CANCELLATIONS));
        assertThat(faults.state().foldBugs()).containsExactly("gold-drops-cancellations");
        faults.lift("gold-drops-cancellations");
        assertFalse(faults.armed(FoldBug.GOLD_DROPS_CANCELLATIONS));
    }
}
