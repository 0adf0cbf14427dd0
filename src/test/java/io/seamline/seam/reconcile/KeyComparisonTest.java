package io.seamline.seam.reconcile;

import io.seamline.seam.model.Drift;
import io.seamline.seam.model.ModelKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyComparisonTest {

    private static List<ModelKey> keys(int n) {
        List<ModelKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(new ModelKey("p-" + i, i % 5, i % 7 != 0));
        }
        return keys;
    }

    @Test
    void equalSides_haveNoDrift_andNoDifferingBucket() {
        KeyComparison.Result result = KeyComparison.compare(keys(10_000), new ArrayList<>(keys(10_000)).reversed(), false);

        assertThat(result.drifts()).isEmpty();
        assertThat(result.differingBuckets()).isZero();
    }

    @Test
    void eachKindOfDrift_isFoundExactly_inItsBucketOnly() {
        List<ModelKey> truth = keys(10_000);
        List<ModelKey> model = new ArrayList<>(truth);
        model.remove(new ModelKey("p-1", 1, true));                 // missing
        model.set(model.indexOf(new ModelKey("p-2", 2, true)), new ModelKey("p-2", 1, true)); // stale
        model.add(new ModelKey("ghost", 3, true));                 // extra

        KeyComparison.Result result = KeyComparison.compare(truth, model, false);

        assertThat(result.drifts()).containsExactlyInAnyOrder(
                new Drift("p-1", Drift.Kind.MISSING, 1L, null),
                new Drift("p-2", Drift.Kind.STALE, 2L, 1L),
                new Drift("ghost", Drift.Kind.EXTRA, null, 3L));
        assertThat(result.differingBuckets()).isBetween(1, 3);
    }

    @Test
    void liveOnlyModel_mayDropOrTombstoneTheDiscontinued_butNeverHoldThemLive() {
        List<ModelKey> truth = List.of(new ModelKey("a", 2, true), new ModelKey("gone", 1, false),
                new ModelKey("tomb", 1, false), new ModelKey("leak", 1, false));
        List<ModelKey> model = List.of(new ModelKey("a", 2, true), new ModelKey("tomb", 1, false),
                new ModelKey("leak", 0, true));

        KeyComparison.Result result = KeyComparison.compare(truth, model, true);

        assertThat(result.drifts()).containsExactly(new Drift("leak", Drift.Kind.LIVE_BUT_DISCONTINUED, 1L, 0L));
    }

    @Test
    void aDifferentSequenceOrLiveness_changesTheKeysHash() {
        ModelKey key = new ModelKey("p-9", 4, true);

        assertThat(KeyDigests.hash(key)).isNotEqualTo(KeyDigests.hash(new ModelKey("p-9", 5, true)))
                .isNotEqualTo(KeyDigests.hash(new ModelKey("p-9", 4, false)))
                .isEqualTo(KeyDigests.hash(new ModelKey("p-9", 4, true)));
    }

    @Test
    void twoKeysOfOneBucketSwappingTheirSequences_stillMakeItDiffer() {
        String a = "p-0";
        String b = sameBucketAs(a);
        List<ModelKey> truth = List.of(new ModelKey(a, 1, true), new ModelKey(b, 2, true));
        List<ModelKey> model = List.of(new ModelKey(a, 2, true), new ModelKey(b, 1, true));

        KeyComparison.Result result = KeyComparison.compare(truth, model, false);

        assertThat(result.differingBuckets()).isEqualTo(1);
        assertThat(result.drifts()).containsExactlyInAnyOrder(new Drift(a, Drift.Kind.STALE, 1L, 2L),
                new Drift(b, Drift.Kind.STALE, 2L, 1L));
    }

    @Test
    void aggregatesWithEventsPastTheWatermark_areInFlight_notDrift() {
        long watermark = 100;
        List<EventStoreFold.Truth> truth = List.of(
                new EventStoreFold.Truth(new ModelKey("seen", 3, true), 90),
                new EventStoreFold.Truth(new ModelKey("at-mark", 1, true), 100),
                new EventStoreFold.Truth(new ModelKey("updated-since", 4, true), 101),
                new EventStoreFold.Truth(new ModelKey("created-since", 0, true), 102));
        List<ModelKey> model = List.of(new ModelKey("seen", 3, true), new ModelKey("updated-since", 3, true));

        KeyComparison.Seen seen = KeyComparison.compareSeen(truth, watermark, model, false);

        assertThat(seen.inFlight()).isEqualTo(2);
        assertThat(seen.compared().drifts()).containsExactly(new Drift("at-mark", Drift.Kind.MISSING, 1L, null));
    }

    /** An id that falls in the same bucket as {@code id}. */
    private static String sameBucketAs(String id) {
        int bucket = KeyDigests.bucket(id, KeyComparison.BUCKETS);
        for (int i = 1; ; i++) {
            if (KeyDigests.bucket("q-" + i, KeyComparison.BUCKETS) == bucket) {
                return "q-" + i;
            }
        }
    }
}
