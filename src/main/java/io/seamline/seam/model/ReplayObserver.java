package io.seamline.seam.model;

import java.util.Map;

/**
 * What the seam learns from every replay as it runs: that it started, and how it ended with the range of the topic it
 * read. Every CDI bean implementing it is told (OpenLineage listens here), so the replay reports to no one by name.
 */
public interface ReplayObserver {

    /** The replay {@code job} of a read model starts reading. */
    default void started(ReplayJob.Status job) {
    }

    /**
     * The replay ended ({@link ReplayJob.Status#outcome}); it read the topic's partitions from {@code fromOffsets} up
     * to {@code toOffsets} (next offsets; empty where it failed before it knew them). When filled from the event store,
     * {@code fromOffsets} is where the topic took over from it.
     */
    default void ended(ReplayJob.Status job, Map<Integer, Long> fromOffsets, Map<Integer, Long> toOffsets) {
    }
}
