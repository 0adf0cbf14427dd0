package io.seamline.seam.model;

import io.seamline.seam.event.ConsumedEvent;

import java.util.List;

/** A read model fed decoded events: the shared loop reads, decodes and judges the records, and it applies them. */
public non-sealed interface EventModel extends ReadModel {

    /**
     * Applies one batch, in log order per partition, atomically with its position where it keeps one
     * ({@link PositionStore#WITH_ITS_DATA}); skips what its sequence guard has seen. Throws to have the batch tried again.
     */
    void apply(List<ConsumedEvent> batch) throws Exception;

    @Override
    EventGeneration newGeneration() throws Exception;
}
