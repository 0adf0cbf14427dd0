package io.seamline.seam.model;

/** What a replay folds into the fresh generation before its tail and swap. */
enum ReplaySource {
    /** The topic from offset 0 (the event store where retention deleted its start): every record is checked again. */
    LOG,
    /** The event store, the truth: a repair after reconciliation found the model apart from it. */
    EVENT_STORE,
    /** The raw records the live store retains ({@link ReadModel#retainedRaw}), checked when they landed. */
    RETAINED
}
