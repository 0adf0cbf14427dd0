package io.seamline.projection.warehouse.sql;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;

/**
 * Hands on another reader's batches unchanged (their buffers move, nothing is copied) until a deadline passes; then
 * the next batch fails, and with it the scan that reads this reader, so copying a table in ends with the request's
 * time.
 */
final class DeadlineReader extends ArrowReader {

    private final ArrowReader source;
    private final Deadline deadline;

    DeadlineReader(ArrowReader source, Deadline deadline, BufferAllocator allocator) {
        super(allocator);
        this.source = source;
        this.deadline = deadline;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (deadline.passed()) {
            throw new IOException("the SQL timeout of " + deadline.timeout().toMillis() + " ms passed");
        }
        prepareLoadNextBatch();
        if (!source.loadNextBatch()) {
            return false;
        }
        try (ArrowRecordBatch batch = new VectorUnloader(source.getVectorSchemaRoot()).getRecordBatch()) {
            loadRecordBatch(batch);
        }
        return true;
    }

    @Override
    public long bytesRead() {
        return source.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        source.close();
    }

    @Override
    protected Schema readSchema() throws IOException {
        return source.getVectorSchemaRoot().getSchema();
    }
}
