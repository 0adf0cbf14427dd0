package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.seam.fault.FoldBug;

/**
 * What the warehouse does with an event that fails to fold into silver and gold: try again from its files (the
 * failure may pass), or give the event up to the quarantine so the rest of the log flows (see
 * {@link WarehouseRefinery}).
 */
interface FoldPolicy {

    /** Gives an event up the first time it fails: for a rebuild, which has no later attempt to wait for. */
    FoldPolicy GIVE_UP = (event, cause) -> true;

    /** Never gives an event up: a failing fold fails the write (a writer that reports to no quarantine). */
    FoldPolicy NEVER = (event, cause) -> false;

    /** Called before each event is folded; throws to fail its fold (how a chaos run injects a poison). */
    default void beforeFold(BronzeEvent event) {
    }

    /** True while the fold is to have {@code bug} (a demo of what the lineage walk finds); never, unless armed. */
    default boolean armed(FoldBug bug) {
        return false;
    }

    /** The fold of {@code event} failed with {@code cause}: true to give it up, false to fail the batch. */
    boolean giveUp(BronzeEvent event, RuntimeException cause);
}
