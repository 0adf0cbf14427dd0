package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads one version of a table: only the files of the partitions asked for, and of those only the columns asked
 * for, batch by batch.
 */
public final class TableScan {

    /** Receives each batch; the root is closed after the call. Returns false to end the scan early. */
    @FunctionalInterface
    public interface BatchConsumer {
        boolean accept(VectorSchemaRoot batch) throws IOException;
    }

    private TableScan() {
    }

    /**
     * Scans {@code version} of {@code table}. {@code columns} null or empty means all; {@code partitions} filters
     * on the partition value of each file (for example {@code event_date=2026-11-23}).
     */
    public static void scan(ArrowTable table, TableManifest version, List<String> columns,
                            Predicate<String> partitions, BufferAllocator allocator, BatchConsumer consumer)
            throws IOException {
        scan(table, version.files(), columns, partitions, allocator, consumer);
    }

    /** As above, over the given files of the table (for example those one commit added). */
    public static void scan(ArrowTable table, List<DataFile> files, List<String> columns,
                            Predicate<String> partitions, BufferAllocator allocator, BatchConsumer consumer)
            throws IOException {
        for (DataFile file : files) {
            if (!partitions.test(file.partition())) {
                continue;
            }
            try (ArrowColumnReader reader = ArrowColumnReader.open(table.dir().resolve(file.path()), allocator)) {
                for (int i = 0; i < reader.batchCount(); i++) {
                    try (VectorSchemaRoot batch = reader.readBatch(i, columns)) {
                        if (!consumer.accept(batch)) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
