/**
 * Lineage of a dashboard number: one {@code daily_revenue} cell (or one order) walked backwards through gold, silver,
 * bronze, the Kafka offsets and the event store, each layer's number recomputed and compared with the event store's
 * fold, and a verdict naming the first layer that differs and why. It lives in the warehouse because it reads the
 * warehouse's tables and the seam's log side by side, which only a projection may do (the seam never reads a read
 * model); the HTTP layer only adapts it.
 */
package io.seamline.projection.warehouse.lineage;
