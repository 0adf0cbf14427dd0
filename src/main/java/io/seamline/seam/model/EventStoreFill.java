package io.seamline.seam.model;

import java.util.Map;

/**
 * A generation that can be filled from the event store instead of the topic, for when retention has deleted the
 * topic's start: the event store holds every event for good.
 */
public interface EventStoreFill {

    /**
     * Folds the whole event store; every record before {@code covered} (offsets per partition, taken before the
     * event store was read) is then in the generation. Returns how many events it folded.
     */
    long fillFromEventStore(Map<Integer, Long> covered) throws Exception;
}
