/**
 * The warehouse's table format: Arrow IPC data files in day partitions, versioned by manifests, so any
 * retained version can be read as of a number or a time; and the column types and row mappings tables are built of.
 */
package io.seamline.projection.warehouse.table;
