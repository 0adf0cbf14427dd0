/**
 * The propagation trace: where a recent event has got in each read model (append, relay, each hop), and the
 * append-to-hop lag.
 */
package io.seamline.seam.trace;
