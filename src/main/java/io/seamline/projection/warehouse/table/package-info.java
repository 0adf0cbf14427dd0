/**
 * The warehouse's table format: Arrow IPC data files in day partitions, versioned by manifests, so any
 * retained version can be read as of a number or a time.
 */
package io.seamline.projection.warehouse.table;
