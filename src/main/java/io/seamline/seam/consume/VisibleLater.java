package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The observer reports of a consumer whose projection makes a batch visible to its readers some time after applying
 * it (an index refreshed on a cadence): each batch's "applied" and each "read" are held, in order, until the
 * projection says its readers see every event before their offsets, and are then reported at that moment. So
 * freshness, the propagation trace and the visibility lag describe what a reader can see, not what the writer holds.
 */
final class VisibleLater implements ProjectionRunner.Visibility {

    private final String group;
    private final List<ConsumerObserver> observers;
    /** Reports not yet visible, oldest first. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Per partition, the next offset the projection's readers see up to. */
    private final Map<Integer, Long> visible = new HashMap<>();
    private Instant visibleAt;

    VisibleLater(String group, List<ConsumerObserver> observers) {
        this.group = group;
        this.observers = observers;
    }

    /** The consumer applied {@code batch}: reported once it is visible. */
    synchronized void applied(List<ConsumedEvent> batch) {
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumedEvent event : batch) {
            if (event.fromKafka()) {
                next.merge(event.partition(), event.offset() + 1, Math::max);
            }
        }
        hold(new Held(batch, next));
    }

    /** The consumer is done with everything before {@code nextOffsets}: reported once those are visible. */
    synchronized void read(Map<Integer, Long> nextOffsets) {
        hold(new Held(null, Map.copyOf(nextOffsets)));
    }

    @Override
    public synchronized void visible(Map<Integer, Long> nextOffsets, Instant at) {
        nextOffsets.forEach((partition, next) -> visible.merge(partition, next, Math::max));
        visibleAt = at;
        release();
    }

    private void hold(Held report) {
        held.addLast(report);
        release();
    }

    /**
     * Reports everything up to the newest held report the readers see: a report is visible once every partition it
     * names is, and what came before it was applied before it (so a report that can never be covered on its own, such
     * as offsets a projection failed to pass over, does not hold up the ones after it).
     */
    private void release() {
        if (visibleAt == null) {
            return;
        }
        int last = -1;
        int i = 0;
        for (Held report : held) {
            if (covered(report.nextOffsets())) {
                last = i;
            }
            i++;
        }
        for (int n = 0; n <= last; n++) {
            report(held.removeFirst());
        }
    }

    private boolean covered(Map<Integer, Long> nextOffsets) {
        for (Map.Entry<Integer, Long> offset : nextOffsets.entrySet()) {
            if (visible.getOrDefault(offset.getKey(), 0L) < offset.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void report(Held report) {
        for (ConsumerObserver observer : observers) {
            if (report.batch() != null) {
                observer.applied(group, report.batch(), visibleAt);
            } else {
                observer.read(group, report.nextOffsets());
            }
        }
    }

    /** A held report: a batch applied (with the next offsets it reaches) or, when {@code batch} is null, a read. */
    private record Held(List<ConsumedEvent> batch, Map<Integer, Long> nextOffsets) {
    }
}
