package io.seamline.seam.model;

import io.seamline.seam.event.ConsumedEvent;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A read model as reconciliation sees it: the keys it holds, and the two repairs it offers. Every read model is one
 * ({@code io.seamline.seam.model.ReadModel} extends it), so the reconciler finds them all.
 */
public interface ReconciledModel {

    /** The model's name, which is also its consumer's. */
    String name();

    /** The aggregate types it holds: {@code Product}, {@code Order}. */
    Set<String> aggregateTypes();

    /**
     * True when the model need only hold live aggregates (a search index): a discontinued product may be absent or a
     * tombstone, but never live. False when it keeps every aggregate with its sequence (the row store).
     */
    boolean liveOnly();

    /** Every key it holds now. */
    List<ModelKey> keys();

    /**
     * Repairs {@code drifts}: re-applies each drifted aggregate's events from the event store ({@code history}, oldest
     * first, not read from Kafka) through the model's own apply path and sequence guard without moving its stored
     * Kafka position, and removes what the event store does not have. Must be idempotent.
     */
    void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception;
}
