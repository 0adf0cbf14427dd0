package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
        for (DataFile file : version.files()) {
            if (!partitions.test(file.partition())) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(table.dir().resolve(file.path()), StandardOpenOption.READ);
                 ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    if (!consumer.accept(columns == null || columns.isEmpty() ? root : root)) {
                        return;
                    }
                }
            }
        }
    }
}
