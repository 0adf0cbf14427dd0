package io.seamline.seam.model;

/**
 * One aggregate as a read model holds it: the sequence of the last event applied to it, and whether it is live (a
 * discontinued product is not). What reconciliation compares with the fold of the event store.
 */
public record ModelKey(String aggregateId, long sequence, boolean live) {
}
