/**
 * The CI gate over every seam: each declares a freshness SLA and meets it, and holds no drift that reconciliation
 * found and nobody repaired.
 */
package io.seamline.seam.gate;
