package io.seamline.projection.warehouse.lineage;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the verdict needs of one layer: its number for the cell, the events of the cell's orders it reflects and
 * those its input had delivered by its watermark (received), what it holds that the event store does not, and whether it is behind its upstream, for how long it has not committed
 * and how long its contract lets it wait (the warn threshold).
 *
 * @param upstream    what the layer is fed from and where that is, for the verdict's text
 * @param watermark   where the layer is, for the verdict's text
 */
record LayerState(String layer, RevenueWalk.Totals totals, Set<String> reflected, Set<String> received,
                  List<String> extra,
                  boolean behindUpstream, String watermark, String upstream, Duration sinceLastCommit,
                  Duration warnAfter) {
}
