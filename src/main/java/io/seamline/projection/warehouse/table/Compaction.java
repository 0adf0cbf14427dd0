package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the small files an appending table accumulates (one per landing per partition) into one file per
 * partition, committed as a {@link TableManifest.Operation#COMPACT} version: same rows, fewer files. Older
 * versions keep their files until a vacuum, so reads AS OF them are unaffected.
 */
public final class Compaction {

    private static final int ROWS_PER_BATCH = 64 * 1024;

    private Compaction() {
    }

    /** Compacts every partition of the current version that has at least {@code minFiles} files. */
    public static List<TableManifest> compactDuePartitions(ArrowTable table, BufferAllocator allocator, int minFiles)
            throws IOException {
        List<TableManifest> versions = new ArrayList<>();
        for (Map.Entry<String, List<DataFile>> partition : ArrowTable.byPartition(table.current()).entrySet()) {
            if (partition.getValue().size() >= minFiles) {
                versions.add(compact(table, partition.getKey(), partition.getValue(), allocator));
            }
        }
        return versions;
    }

    static TableManifest compact(ArrowTable table, String partition, List<DataFile> files, BufferAllocator allocator)
            throws IOException {
        DataFile merged;
        try (DataFileWriter out = table.newFile(partition, allocator)) {
            VectorSchemaRoot target = out.root();
            target.allocateNew();
            for (DataFile file : files) {
                try (FileChannel channel = FileChannel.open(table.dir().resolve(file.path()), StandardOpenOption.READ);
                     ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                    while (reader.loadNextBatch()) {
                        VectorSchemaRootAppender.append(false, target, reader.getVectorSchemaRoot());
                        if (target.getRowCount() >= ROWS_PER_BATCH) {
                            out.writeBatch();
                            target.allocateNew();
                        }
                    }
                }
            }
            if (target.getRowCount() > 0) {
                out.writeBatch();
            }
            merged = out.finish();
        }
        return table.commit(TableManifest.Operation.COMPACT, List.of(merged),
                files.stream().map(DataFile::path).toList(), table.current().watermark());
    }
}
