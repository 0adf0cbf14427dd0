package io.seamline.seam.reconcile;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;

import java.util.List;
import java.util.function.Function;

/**
 * How a read model keyed by aggregate repairs drift: an aggregate the event store does not have is removed, and so is
 * one the model holds at the log's sequence or a newer one (its content is wrong, and the sequence guard would skip
 * the events that fix it); every drifted aggregate the log has is then folded again from its history through the
 * model's own apply path, whose sequence guard skips what the model already holds.
 */
public final class AggregateRepair {

    /** Removes one aggregate from the model. */
    @FunctionalInterface
    public interface Removal {
        void remove(String aggregateId) throws Exception;
    }

    /** Applies one aggregate's history from the event store. */
    @FunctionalInterface
    public interface Application {
        void apply(List<ConsumedEvent> history) throws Exception;
    }

    private AggregateRepair() {
    }

    public static void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history, Removal removal,
                              Application application) throws Exception {
        for (Drift drift : drifts) {
            if (drift.kind() == Drift.Kind.EXTRA || notBehindTheLog(drift)) {
                removal.remove(drift.aggregateId());
            }
            if (drift.kind() != Drift.Kind.EXTRA) {
                application.apply(history.apply(drift.aggregateId()));
            }
        }
    }

    private static boolean notBehindTheLog(Drift drift) {
        return drift.actualSequence() != null && drift.expectedSequence() != null
                && drift.actualSequence() >= drift.expectedSequence();
    }
}
