package io.seamline.seam.reconcile;

import io.seamline.seam.model.Drift;
import io.seamline.seam.model.ModelKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a read model's keys with the event store's: bucket digests first, then the exact diff inside the
 * buckets whose digests differ. {@code liveOnly} models are compared on their live keys alone.
 */
final class KeyComparison {

    static final int BUCKETS = 4096;

    record Result(List<Drift> drifts, int differingBuckets) {
    }

    /** A comparison of what the model has seen, and how many aggregates were left out as in flight. */
    record Seen(Result compared, long inFlight) {
    }

    private KeyComparison() {
    }

    /**
     * Compares the model with the fold as of its {@code watermark} (the last global index it has surely applied): an
     * aggregate whose last event lies past it is in flight, not drift, and is left out on both sides until a later
     * look.
     */
    static Seen compareSeen(Collection<EventStoreFold.Truth> truth, long watermark, List<ModelKey> model,
                            boolean liveOnly) {
        Set<String> inFlight = new HashSet<>();
        List<ModelKey> expected = new ArrayList<>(truth.size());
        for (EventStoreFold.Truth t : truth) {
            if (t.lastGlobalIndex() > watermark) {
                inFlight.add(t.key().aggregateId());
            } else {
                expected.add(t.key());
            }
        }
        List<ModelKey> actual = inFlight.isEmpty() ? model
                : model.stream().filter(k -> !inFlight.contains(k.aggregateId())).toList();
        return new Seen(compare(expected, actual, liveOnly), inFlight.size());
    }

    static Result compare(Collection<ModelKey> truth, Collection<ModelKey> model, boolean liveOnly) {
        Collection<ModelKey> expected = liveOnly ? truth.stream().filter(ModelKey::live).toList() : truth;
        Collection<ModelKey> actual = liveOnly ? model.stream().filter(ModelKey::live).toList() : model;
        boolean[] differ = KeyDigests.of(expected, BUCKETS).differing(KeyDigests.of(actual, BUCKETS));
        int differing = 0;
        for (boolean d : differ) {
            differing += d ? 1 : 0;
        }
        if (differing == 0) {
            return new Result(List.of(), 0);
        }
        Map<String, ModelKey> want = inBuckets(expected, differ);
        Map<String, ModelKey> have = inBuckets(actual, differ);
        Map<String, ModelKey> all = liveOnly ? byId(truth) : want; // a live-only model's extra may be discontinued
        List<Drift> drifts = new ArrayList<>();
        for (ModelKey w : want.values()) {
            ModelKey h = have.get(w.aggregateId());
            if (h == null) {
                drifts.add(new Drift(w.aggregateId(), Drift.Kind.MISSING, w.sequence(), null));
            } else if (h.sequence() != w.sequence()) {
                drifts.add(new Drift(w.aggregateId(), Drift.Kind.STALE, w.sequence(), h.sequence()));
            } else if (h.live() != w.live()) {
                drifts.add(new Drift(w.aggregateId(), h.live() ? Drift.Kind.LIVE_BUT_DISCONTINUED : Drift.Kind.STALE,
                        w.sequence(), h.sequence()));
            }
        }
        for (ModelKey h : have.values()) {
            if (!want.containsKey(h.aggregateId())) {
                ModelKey known = all.get(h.aggregateId());
                drifts.add(known == null ? new Drift(h.aggregateId(), Drift.Kind.EXTRA, null, h.sequence())
                        : new Drift(h.aggregateId(), Drift.Kind.LIVE_BUT_DISCONTINUED, known.sequence(), h.sequence()));
            }
        }
        return new Result(drifts, differing);
    }

    private static Map<String, ModelKey> inBuckets(Collection<ModelKey> keys, boolean[] differ) {
        Map<String, ModelKey> byId = new HashMap<>();
        for (ModelKey key : keys) {
            if (differ[KeyDigests.bucket(key.aggregateId(), differ.length)]) {
                byId.put(key.aggregateId(), key);
            }
        }
        return byId;
    }

    private static Map<String, ModelKey> byId(Collection<ModelKey> keys) {
        Map<String, ModelKey> byId = new HashMap<>();
        keys.forEach(k -> byId.put(k.aggregateId(), k));
        return byId;
    }
}
