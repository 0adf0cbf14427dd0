package io.seamline.projection.warehouse.silver;

import java.util.List;

/** A change of silver that gold folds in, in the order silver applied it. */
public sealed interface GoldDelta {

    /** An order entered silver with these lines (the order as it was when placed). */
    record Placed(SilverOrder order, List<SilverOrderLine> lines) implements GoldDelta {
    }

    /** An order already in silver changed status; {@code order} is its new state. */
    record StatusChanged(SilverOrder order) implements GoldDelta {
    }
}
