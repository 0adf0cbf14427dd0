package io.seamline.seam.reconcile;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateRepairTest {

    @Test
    void removesWhatTheLogLacksOrTheModelHoldsWrongly_andRefoldsEveryAggregateTheLogHas() throws Exception {
        List<String> removed = new ArrayList<>();
        List<String> refolded = new ArrayList<>();

        AggregateRepair.repair(List.of(
                        new Drift("missing", Drift.Kind.MISSING, 2L, null),
                        new Drift("behind", Drift.Kind.STALE, 3L, 1L),
                        new Drift("ahead", Drift.Kind.STALE, 1L, 4L),
                        new Drift("wrong-content", Drift.Kind.STALE, 2L, 2L),
                        new Drift("ghost", Drift.Kind.EXTRA, null, 0L),
                        new Drift("leak", Drift.Kind.LIVE_BUT_DISCONTINUED, 1L, 0L)),
                id -> {
                    refolded.add(id);
                    return List.<ConsumedEvent>of();
                }, removed::add, history -> { });

        assertThat(removed).containsExactly("ahead", "wrong-content", "ghost");
        assertThat(refolded).containsExactly("missing", "behind", "ahead", "wrong-content", "leak");
    }
}
