package io.seamline.projection.warehouse.lineage;

import io.seamline.projection.warehouse.lineage.RevenueWalk.Cell;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Layer;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Totals;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Verdict;

import java.time.Instant;
import java.util.List;

/**
 * One {@code daily_revenue} cell as of one time in every layer, beside the event store's fold up to then: the query
 * that proves where the numbers start to differ. Before a layer stalls every layer gives the truth of that time;
 * after, the stalled layer and those fed from it keep the number they had.
 *
 * @param at          the time every layer was read as of
 * @param globalIndex the highest global index of the event store folded into the truth
 */
public record Comparison(Cell cell, Instant at, long globalIndex, Totals truth, List<Layer> layers,
                         Verdict verdict) {

    public String markdown() {
        return "# daily_revenue " + cell.day() + " / " + cell.category() + " / " + cell.currency() + " as of " + at
                + "\n\nThe event store up to global index " + globalIndex + "\n\n" + RevenueWalk.verdictText(verdict)
                + RevenueWalk.layerTable(truth, layers);
    }
}
