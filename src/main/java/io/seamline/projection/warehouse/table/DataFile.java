package io.seamline.projection.warehouse.table;

/**
 * One immutable Arrow IPC file of a table: its path relative to the table's directory, the partition it
 * belongs to (for example {@code event_date=2026-11-23}, or empty for an unpartitioned table), its rows and bytes.
 */
public record DataFile(String path, String partition, long rows, long bytes) {
}
