/**
 * How fresh every read model is: lag in events and seconds against its contract's SLA, the readiness check and the
 * metrics built on it, and the broker-to-visible lag histograms.
 */
package io.seamline.seam.monitor;
