/**
 * Faults a chaos run injects into the consumers of the log (lose, poison, fail a batch, stall), so the guarantees
 * are shown under failure; none is armed unless an operator arms it.
 */
package io.seamline.seam.fault;
