package io.seamline.seam.model;

import io.seamline.seam.consume.ProjectionRunner;
import io.seamline.seam.event.ConsumedEvent;

import java.util.List;
import java.util.Map;

/** A read model fed decoded events: the shared loop reads, decodes and judges the records, and it applies them. */
public non-sealed interface EventModel extends ReadModel {

    /**
     * Applies one batch, in log order per partition, atomically with its position where it keeps one
     * ({@link PositionStore#WITH_ITS_DATA}); skips what its sequence guard has seen. Throws to have the batch tried again.
     */
    void apply(List<ConsumedEvent> batch) throws Exception;

    /**
     * Moves the position it keeps with its data ({@link PositionStore#WITH_ITS_DATA}) past records the consumer
     * settled without applying them (refused into the quarantine): {@code nextOffsets} per partition, durable with its
     * next commit. Otherwise a restart would read them again and freshness would count them as lag meanwhile.
     */
    default void passedOver(Map<Integer, Long> nextOffsets) throws Exception {
    }

    /**
     * True when its readers see a batch some time after {@link #apply} returns (an index refreshed on a cadence): its
     * consumer then reports a batch as applied only once the model says, through {@link #reportVisibility}, that its
     * readers see it.
     */
    default boolean visibleLater() {
        return false;
    }

    /** Where a model that is {@link #visibleLater} says how far its readers see, from now on. */
    default void reportVisibility(ProjectionRunner.Visibility to) {
    }

    @Override
    EventGeneration newGeneration() throws Exception;
}
