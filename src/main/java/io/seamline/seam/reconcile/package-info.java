/**
 * Reconciliation: every read model's keys compared with the event store's fold (bucket digests, then the exact
 * diff), drift reported and repaired, on demand and on a schedule.
 */
package io.seamline.seam.reconcile;
