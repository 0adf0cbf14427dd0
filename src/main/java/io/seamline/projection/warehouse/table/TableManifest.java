package io.seamline.projection.warehouse.table;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One committed version of a table, as written in {@code _manifests/<version>.json}: the files it adds and
 * removes, every file the version consists of (so a version reads without replaying older manifests), and
 * where its data came from ({@link Watermark}).
 */
public record TableManifest(String format, int formatVersion, String table, long version, Instant committedAt,
                            Operation operation, List<DataFile> added, List<String> removed, List<DataFile> files,
                            Watermark watermark) {

    public static final String FORMAT = "seamline-table";
    /** Readers refuse manifests of a newer format version than they know. */
    public static final int FORMAT_VERSION = 1;

    /** What a commit did; append-only so that old manifests stay readable. */
    public enum Operation { CREATE, APPEND, REPLACE, COMPACT }

    /**
     * The source position a version reflects: the next Kafka offset per partition (bronze), the highest
     * global index of the log applied, the newest event time, and the version of the table it was built from
     * (silver from bronze, gold from silver; -1 for bronze).
     */
    public record Watermark(Map<Integer, Long> kafkaOffsets, long maxGlobalIndex, Instant maxEventTime,
                            long sourceVersion) {

        public static final Watermark NONE = new Watermark(Map.of(), -1, null, -1);
    }

    public long rows() {
        return files.stream().mapToLong(DataFile::rows).sum();
    }

    /** The empty version 0 every table starts from. */
    static TableManifest empty(String table) {
        return new TableManifest(FORMAT, FORMAT_VERSION, table, 0, Instant.EPOCH, Operation.CREATE, List.of(),
                List.of(), List.of(), Watermark.NONE);
    }
}
