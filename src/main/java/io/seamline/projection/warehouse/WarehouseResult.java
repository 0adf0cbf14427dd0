package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableScan;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The answer to a warehouse read: which table and version it reflects, the source watermark of that version, and
 * its rows (at most the limit), read lazily batch by batch when asked for.
 */
public final class WarehouseResult {

    private final ArrowTable table;
    private final TableManifest version;
    private final List<String> columns;
    private final Predicate<String> partitions;
    private final long limit;
    private final BufferAllocator allocator;

    WarehouseResult(ArrowTable table, TableManifest version, List<String> columns, Predicate<String> partitions,
                    long limit, BufferAllocator allocator) {
        this.table = table;
        this.version = version;
        this.columns = columns;
        this.partitions = partitions;
        this.limit = limit;
        this.allocator = allocator;
    }

    /** The table's name, {@code layer.table}. */
    public String table() {
        return table.name();
    }

    public long version() {
        return version.version();
    }

    public Instant committedAt() {
        return version.committedAt();
    }

    /** The position in the log (and in the source table) that this version reflects. */
    public TableManifest.Watermark watermark() {
        return version.watermark();
    }

    public List<String> columns() {
        return columns;
    }

    /** The Arrow schema of the rows: the requested columns, in the requested order. */
    public Schema schema() {
        return new Schema(columns.stream().map(c -> table.schema().findField(c)).toList());
    }

    /** Hands the rows to {@code consumer} batch by batch; each batch is closed after the call. */
    public void batches(TableScan.BatchConsumer consumer) throws IOException {
        try (BufferAllocator scan = scanAllocator()) {
            scan(scan, consumer);
        }
    }

    /** Writes the rows as one Arrow IPC stream, a batch at a time, so no more than a batch is ever in memory. */
    public void writeArrowStream(OutputStream out) throws IOException {
        try (BufferAllocator scan = scanAllocator();
             VectorSchemaRoot stream = VectorSchemaRoot.create(schema(), scan);
             ArrowStreamWriter writer = new ArrowStreamWriter(stream, null, Channels.newChannel(out))) {
            writer.start();
            VectorLoader loader = new VectorLoader(stream);
            scan(scan, batch -> {
                try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
                    loader.load(unloaded);
                }
                writer.writeBatch();
                return true;
            });
            writer.end();
        }
    }

    // One child allocator per read: closing it proves the read released every buffer it took.
    private BufferAllocator scanAllocator() {
        return allocator.newChildAllocator("warehouse-read-" + table.name(), 0, Long.MAX_VALUE);
    }

    private void scan(BufferAllocator scan, TableScan.BatchConsumer consumer) throws IOException {
        long[] remaining = {limit};
        TableScan.scan(table, version, columns, partitions, scan, batch -> {
            int rows = (int) Math.min(batch.getRowCount(), remaining[0]);
            remaining[0] -= rows;
            if (rows == batch.getRowCount()) {
                return consumer.accept(batch) && remaining[0] > 0;
            }
            // the limit ends inside this batch: hand over its head and read no further
            try (VectorSchemaRoot head = batch.slice(0, rows)) {
                consumer.accept(head);
            }
            return false;
        });
    }
}
