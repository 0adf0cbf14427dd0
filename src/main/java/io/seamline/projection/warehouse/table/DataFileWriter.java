package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes one data file of a table: the caller fills {@link #root()} and calls {@link #writeBatch()} as often as
 * it likes, then {@link #finish()}. The file is written under a temporary name, fsynced (as its table's {@link Sync}
 * says) and renamed, so a file with a final name is always complete; it belongs to the table only once a manifest
 * lists it.
 */
public final class DataFileWriter implements AutoCloseable {

    static final String TEMP_PREFIX = ".tmp-";
    static final String SUFFIX = ".arrow";

    private final Path tableDir;
    private final String partition;
    private final Sync sync;
    private final Path temp;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private long rows;
    private boolean finished;

    DataFileWriter(Path tableDir, String partition, Schema schema, BufferAllocator allocator, Sync sync)
            throws IOException {
        this.tableDir = tableDir;
        this.partition = partition;
        this.sync = sync;
        Path dir = partition.isEmpty() ? tableDir : tableDir.resolve(partition);
        Files.createDirectories(dir);
        this.temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID() + SUFFIX);
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.writer = new ArrowFileWriter(root, null, channel);
        writer.start();
    }

    /** The batch being filled; its row count must be set before {@link #writeBatch()}. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** Appends the root's rows to the file as one record batch. */
    public void writeBatch() throws IOException {
        rows += root.getRowCount();
        writer.writeBatch();
    }

    /** Completes the file (durably, unless its table syncs at the swap) under its final name and describes it for a manifest. */
    public DataFile finish() throws IOException {
        writer.end();
        if (sync == Sync.EACH_COMMIT) {
            channel.force(true);
        }
        long bytes = channel.size();
        writer.close();
        Path target = temp.resolveSibling("part-" + UUID.randomUUID() + SUFFIX);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        if (sync == Sync.EACH_COMMIT) {
            Fsync.directory(target.getParent());
        }
        finished = true;
        return new DataFile(tableDir.relativize(target).toString(), partition, rows, bytes);
    }

    /** Releases the batch's memory; an unfinished file is deleted. */
    @Override
    public void close() {
        root.close();
        if (!finished) {
            try {
                writer.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
