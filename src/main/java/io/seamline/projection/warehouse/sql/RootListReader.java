package io.seamline.projection.warehouse.sql;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.util.List;

/**
 * An {@link ArrowReader} over batches already in memory, so they can go wherever a reader is taken (an Arrow
 * C stream, an IPC writer). The batches are shared, not copied, and stay the caller's to close.
 */
public final class RootListReader extends ArrowReader {

    private final Schema schema;
    private final List<VectorSchemaRoot> batches;
    private int next;

    public RootListReader(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches) {
        super(allocator);
        for (VectorSchemaRoot batch : batches) {
            if (!schema.equals(batch.getSchema())) {
                throw new IllegalArgumentException("expected schema " + schema + ", got " + batch.getSchema());
            }
        }
        this.schema = schema;
        this.batches = List.copyOf(batches);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        if (next == batches.size()) {
            return false;
        }
        // unloading retains the batch's buffers and loading hands them to this reader's root: no copy
        ArrowRecordBatch batch = new VectorUnloader(batches.get(next++)).getRecordBatch();
        loadRecordBatch(batch);
        return true;
    }

    @Override
    public long bytesRead() {
        return 0; // nothing is read from a source: the batches are already in memory
    }

    @Override
    protected void closeReadSource() {
        // the batches belong to the caller
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
