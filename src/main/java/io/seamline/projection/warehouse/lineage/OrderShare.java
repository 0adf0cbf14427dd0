package io.seamline.projection.warehouse.lineage;

import java.math.BigDecimal;

/** What one order contributes to a cell: its lines under the cell's key, and whether it is now cancelled. */
record OrderShare(String orderId, BigDecimal amount, long units, boolean cancelled) {
}
