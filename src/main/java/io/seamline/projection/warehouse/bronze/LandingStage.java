package io.seamline.projection.warehouse.bronze;

/**
 * The steps of one warehouse commit, in order; a crash test stops the pipeline right after any of them (the
 * process dies there as far as the tables are concerned) and checks that a restart loses and repeats nothing.
 */
public enum LandingStage {
    /** Data files are written under their final names but no manifest lists them yet. */
    DATA_FILES_WRITTEN,
    QUARANTINE_COMMITTED,
    BRONZE_COMMITTED,
    SILVER_COMMITTED,
    GOLD_COMMITTED,
    /** Everything is committed; Kafka's copy of the offsets (for monitoring only) is not yet. */
    OFFSETS_NOT_COMMITTED
}
