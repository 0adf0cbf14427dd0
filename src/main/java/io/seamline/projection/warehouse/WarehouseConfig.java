package io.seamline.projection.warehouse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How the warehouse lands, refines and keeps its tables, {@code seamline.warehouse.*} (its SQL limits apart). */
@ConfigMapping(prefix = "seamline.warehouse")
public interface WarehouseConfig {

    /** Where the tables live; default {@code <seamline.data.dir>/warehouse}. */
    Optional<String> dir();

    /** Records a bronze commit takes at most. */
    @WithDefault("20000")
    int maxBatch();

    /**
     * How long a bronze commit waits for more records once it has some: with {@link #maxBatch()} it bounds bronze's
     * commits (each an fsynced file and manifest) to about one per linger plus one per max-batch records.
     */
    @WithDefault("200ms")
    Duration linger();

    /** While catching up, silver and gold are rewritten at most this often. */
    @WithDefault("1s")
    Duration refineInterval();

    /**
     * Silver and gold are committed at most this often whatever the rate of batches (caught up too): what lands
     * meanwhile is folded in memory and goes with the next commit, so their fsyncs and manifests per second stay
     * bounded; it adds up to this much to the time an event takes to show in silver and gold.
     */
    @WithDefault("200ms")
    Duration minCommitInterval();

    /** How long versions stay readable (AS OF a version or a time). */
    @WithDefault("7d")
    Duration retention();

    /** A bronze day partition with this many files is compacted into one. */
    @WithDefault("16")
    int compactAfterFiles();

    /** How often versions past the retention and their files are vacuumed. */
    @WithDefault("1h")
    Duration vacuumInterval();
}
