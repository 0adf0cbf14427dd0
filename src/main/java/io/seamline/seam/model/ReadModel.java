package io.seamline.seam.model;

import io.seamline.seam.model.ReconciledModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a read model is: a fold of the event log that one consumer group feeds, described by one contract file,
 * reconciled key by key with the event store (its {@link ReconciledModel} side) and rebuilt from the log into a fresh
 * {@link Generation}; it is fed either decoded events ({@link EventModel}) or the topic's records as they are
 * ({@link RecordModel}). A CDI bean implementing one of them is all the platform needs: the shared consumer loop feeds it, and the
 * contract registry, freshness, the propagation trace, reconciliation, the gate and the admin API find it
 * ({@link ReadModels}).
 */
public sealed interface ReadModel extends ReconciledModel permits EventModel, RecordModel {

    /** Where a model keeps the offsets it resumes from. */
    enum PositionStore {
        /** The consumer group's committed offsets: the model's own writes are idempotent by sequence. */
        GROUP_OFFSETS,
        /** With its data (an index commit, a manifest): the group's committed offsets are only a copy for monitoring. */
        WITH_ITS_DATA
    }

    /** Its consumer group: by default its name, which freshness, the trace and reconciliation go by. */
    default String group() {
        return name();
    }

    /** Its contract, relative to the repository root and the class path: {@code projections/<model>/contract.yaml}. */
    String contractFile();

    /** The hops of the propagation trace an event reaches in this model, in order; by default one, its name. */
    default List<TraceHop> hops() {
        return List.of(new TraceHop(name(), TraceHop.KAFKA));
    }


    /**
     * Throws while its store cannot take writes at all (a database that does not answer): what tells an outage from
     * a record the store refuses. By default its store is in this process and cannot be down.
     */
    default void requireWritable() throws Exception {
    }

    PositionStore positionStore();

    /** Where each partition resumes, from its own store ({@link PositionStore#WITH_ITS_DATA}); absent: from the start. */
    default Map<Integer, Long> storedOffsets() {
        return Map.of();
    }

    /** False to leave it unfed (a model switched off by configuration); it is still reconciled and replayable. */
    default boolean consuming() {
        return true;
    }

    /**
     * The shared loop stopped feeding it (for a replay's swap, or to stop): make what was applied durable. The model
     * keeps answering queries.
     */
    default void paused() throws Exception {
    }

    /**
     * The name of the raw records it retains, validated when they landed, from which its generation can be rebuilt
     * without the topic (a {@link RetainedFill}; the warehouse: {@code bronze}); absent: it can be rebuilt only from the
     * log.
     */
    default Optional<String> retainedRaw() {
        return Optional.empty();
    }

    /** A fresh, empty generation to fold the whole log into, beside the live one, which keeps answering. */
    Generation newGeneration() throws Exception;
}
