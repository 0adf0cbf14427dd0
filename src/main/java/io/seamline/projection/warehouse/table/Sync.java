package io.seamline.projection.warehouse.table;

/**
 * When a table's data files and manifests are forced to disk: as each is written, or all at once by whoever makes
 * the tables live.
 */
public enum Sync {

    /**
     * Each data file, manifest and rename is forced before its commit returns: a live table, which a crash must leave
     * at its last commit.
     */
    EACH_COMMIT,

    /**
     * Nothing is forced as it is written: the tables of a generation being built beside the live one, which nobody
     * reads and a crash simply abandons; its swap forces the whole directory tree before the generation goes live
     * ({@link io.seamline.seam.model.Generations#swapInByLink}), one sync where every file would otherwise cost two.
     */
    AT_SWAP
}
