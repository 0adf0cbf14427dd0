package io.seamline.projection.vector;

import io.seamline.seam.model.Generations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The vector index's append-only change log, {@code changes.log}: a header naming the format, its version, the epoch
 * of the snapshot it follows and the vectors' dimension, then records, each its payload's length, its CRC-32C and the
 * payload, appended and forced to disk one at a time. A record that is cut short or fails its checksum (a crash
 * mid-append) ends the log: it and anything after it are dropped on open. A log of another epoch than the snapshot
 * belongs to an older snapshot and is not read; the first append replaces it.
 */
final class ChangeLog implements AutoCloseable {

    static final String FORMAT = "seamline-vector-changes";
    /** Length and checksum before each payload. */
    static final int FRAME_OVERHEAD = 8;

    private final Path file;
    private final int dimension;
    private long epoch;
    private FileChannel channel;
    private int records;
    private long recordBytes;

    private ChangeLog(Path file, int dimension, long epoch) {
        this.file = file;
        this.dimension = dimension;
        this.epoch = epoch;
    }

    /** The log's valid records, if it follows the snapshot of {@code epoch}, and the log ready to append to. */
    record Opened(ChangeLog log, List<byte[]> payloads) {
    }

    /**
     * Reads the log following the snapshot of {@code epoch}; a torn last record is cut off the file, so the next
     * append follows the last whole one. A missing log, or one of another epoch, has no records.
     */
    static Opened open(Path file, long epoch, int dimension) throws IOException {
        ChangeLog log = new ChangeLog(file, dimension, epoch);
        if (!Files.exists(file)) {
            return new Opened(log, List.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        DataInputStream header = new DataInputStream(new ByteArrayInputStream(bytes));
        String format;
        int version;
        long logEpoch;
        int logDimension;
        try {
            format = header.readUTF();
            version = header.readInt();
            logEpoch = header.readLong();
            logDimension = header.readInt();
        } catch (IOException torn) {
            return new Opened(log, List.of()); // a crash while the header of a new log was written: nothing in it
        }
        if (!FORMAT.equals(format) || version != VectorFiles.VERSION) {
            throw new IOException(file + " is " + format + " v" + version + ", expected " + FORMAT + " v"
                    + VectorFiles.VERSION);
        }
        if (logEpoch != epoch) {
            return new Opened(log, List.of()); // follows another snapshot: what it holds is in the snapshot, or replayed
        }
        if (logDimension != dimension) {
            throw new IOException(file + " holds " + logDimension + "-d vectors, the embedder makes " + dimension
                    + "-d ones: rebuild the index from the log");
        }
        int headerLength = bytes.length - header.available();
        List<byte[]> payloads = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes, headerLength, bytes.length - headerLength);
        int end = headerLength;
        while (in.remaining() >= FRAME_OVERHEAD) {
            int length = in.getInt();
            int checksum = in.getInt();
            if (length < 0 || length > in.remaining()) {
                break; // cut short
            }
            byte[] payload = new byte[length];
            in.get(payload);
            if (checksum(payload) != checksum) {
                break; // a torn write that left the length whole
            }
            payloads.add(payload);
            end = in.position();
        }
        log.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (end < bytes.length) {
            log.channel.truncate(end);
            log.channel.force(true);
        }
        log.channel.position(end);
        log.records = payloads.size();
        log.recordBytes = end - headerLength;
        return new Opened(log, payloads);
    }

    /** Appends one record and forces it to disk: once this returns, a crash keeps it. */
    void append(byte[] payload) throws IOException {
        if (channel == null) {
            restart(epoch, List.of(payload)); // no log of this epoch yet: a new one, header and record together
            return;
        }
        ByteBuffer frame = frame(payload);
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
        channel.force(false);
        records++;
        recordBytes += frame.capacity();
    }

    /**
     * Replaces the log with a new one following the snapshot of {@code newEpoch}, holding these records: written
     * beside it, forced, then renamed over it, so a crash leaves either the old log or the whole new one.
     */
    void restart(long newEpoch, List<byte[]> payloads) throws IOException {
        close();
        Files.createDirectories(file.getParent()); // a new index's first checkpoint may come before any snapshot
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(header);
        out.writeUTF(FORMAT);
        out.writeInt(VectorFiles.VERSION);
        out.writeLong(newEpoch);
        out.writeInt(dimension);
        out.flush();
        long bytes = 0;
        try (FileChannel writing = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.wrap(header.toByteArray());
            while (head.hasRemaining()) {
                writing.write(head);
            }
            for (byte[] payload : payloads) {
                ByteBuffer frame = frame(payload);
                bytes += frame.capacity();
                while (frame.hasRemaining()) {
                    writing.write(frame);
                }
            }
            writing.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Generations.forceDirectory(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
        epoch = newEpoch;
        records = payloads.size();
        recordBytes = bytes;
    }

    /** Records in the log since its snapshot. */
    int records() {
        return records;
    }

    /** Bytes of records (frames included, header not) in the log since its snapshot. */
    long recordBytes() {
        return recordBytes;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static ByteBuffer frame(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        frame.putInt(payload.length).putInt(checksum(payload)).put(payload).flip();
        return frame;
    }

    private static int checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
