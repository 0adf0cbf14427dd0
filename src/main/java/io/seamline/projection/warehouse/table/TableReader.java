package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One version of a table as an Arrow stream, a batch at a time: what an engine that takes Arrow streams (DuckDB
 * through the C data interface, an IPC stream response) reads without the table being loaded whole.
 */
public final class TableReader extends ArrowReader {

    private final ArrowTable table;
    private final Iterator<DataFile> files;
    private final List<String> columns;
    private final Schema schema;
    private ArrowColumnReader file;
    private int nextBatch;

    /** Reads {@code columns} (null or empty: all) of the files of {@code version} whose partition passes. */
    public TableReader(ArrowTable table, TableManifest version, List<String> columns, Predicate<String> partitions,
                       BufferAllocator allocator) {
        super(allocator);
        this.table = table;
        this.files = version.files().stream().filter(f -> partitions.test(f.partition())).iterator();
        this.columns = columns == null || columns.isEmpty() ? null : List.copyOf(columns);
        this.schema = project(table.schema(), this.columns);
    }

    private static Schema project(Schema schema, List<String> columns) {
        if (columns == null) {
            return schema;
        }
        List<Field> fields = new ArrayList<>();
        for (String column : columns) {
            fields.add(schema.findField(column)); // throws, naming the column, if the table has none
        }
        return new Schema(fields);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        while (file == null || nextBatch >= file.batchCount()) {
            closeFile();
            if (!files.hasNext()) {
                return false;
            }
            file = ArrowColumnReader.open(table.dir().resolve(files.next().path()), allocator);
            nextBatch = 0;
        }
        try (VectorSchemaRoot batch = file.readBatch(nextBatch++, columns);
             ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
            loadRecordBatch(record);
        }
        return true;
    }

    @Override
    public long bytesRead() {
        return 0; // not tracked: the column reader counts what it reads
    }

    @Override
    protected void closeReadSource() throws IOException {
        closeFile();
    }

    private void closeFile() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
