package io.seamline.seam.model;

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

    @Override
    EventGeneration newGeneration() throws Exception;
}
