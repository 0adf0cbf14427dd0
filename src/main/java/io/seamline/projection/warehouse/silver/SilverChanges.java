package io.seamline.projection.warehouse.silver;

import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.seam.log.Watermarks;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one batch did to silver: the products and orders it changed (so storage rewrites only their
 * partitions), how many events it applied or skipped, the sequence gaps it saw, the deltas for gold, and the events
 * that failed to fold (silver is as if they had not come).
 */
public record SilverChanges(Set<String> productIds, Set<String> orderIds, long applied, long skipped,
                            List<Watermarks.Gap> gaps, List<GoldDelta> goldDeltas, List<Failed> failed) {

    /** An event silver could not fold, and why. */
    public record Failed(BronzeEvent event, RuntimeException cause) {
    }

    public SilverChanges {
        // in the order the batch touched them, so what storage logs about a batch reads in log order
        productIds = Collections.unmodifiableSet(new LinkedHashSet<>(productIds));
        orderIds = Collections.unmodifiableSet(new LinkedHashSet<>(orderIds));
        gaps = List.copyOf(gaps);
        goldDeltas = List.copyOf(goldDeltas);
        failed = List.copyOf(failed);
    }
}
