package io.seamline.seam.model;

/** One key on which a read model and the event store's fold disagree. */
public record Drift(String aggregateId, Kind kind, Long expectedSequence, Long actualSequence) {

    public enum Kind {
        /** The event store has it, the model does not. */
        MISSING,
        /** The model has it, the event store does not. */
        EXTRA,
        /** The model holds an older (or newer) sequence than the fold. */
        STALE,
        /** Discontinued in the event store, live in the model (still searchable). */
        LIVE_BUT_DISCONTINUED
    }
}
