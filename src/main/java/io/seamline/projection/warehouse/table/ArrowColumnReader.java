package io.seamline.projection.warehouse.table;

import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/** Reads an Arrow IPC file batch by batch, fetching from disk only the buffers of the requested columns. */
public final class ArrowColumnReader implements AutoCloseable {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    // The file ends with the footer's int32 length, then the magic.
    private static final int TRAILER_LENGTH = Integer.BYTES + MAGIC.length;
    // Since format 0.15 a message starts with this marker and then its int32 length; before, with the length alone.
    private static final int CONTINUATION_MARKER = -1;
    // Alignment padding and small gaps between wanted buffers cost less to read than one more read call.
    private static final long COALESCE_GAP = 64;

    private final CountingChannel source;
    private final BufferAllocator allocator;
    private final Schema schema;
    private final Map<String, Integer> fieldIndex;
    // Buffers of field i are firstBuffer[i] until firstBuffer[i + 1] in every batch: the schema is flat.
    private final int[] firstBuffer;
    private final List<BatchLayout> batches;

    private ArrowColumnReader(CountingChannel source, BufferAllocator allocator, Schema schema, int[] firstBuffer,
                              List<BatchLayout> batches) {
        this.source = source;
        this.allocator = allocator;
        this.schema = schema;
        this.fieldIndex = indexByName(schema);
        this.firstBuffer = firstBuffer;
        this.batches = batches;
    }

    /** Opens the file and reads its footer and every batch's metadata, but no column data. */
    public static ArrowColumnReader open(Path file, BufferAllocator allocator) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            CountingChannel source = new CountingChannel(file, channel);
            ArrowFooter footer = readFooter(source);
            Schema schema = supportedSchema(footer, file);
            int[] firstBuffer = firstBuffers(schema);
            List<BatchLayout> batches = new ArrayList<>();
            for (ArrowBlock block : footer.getRecordBatches()) {
                batches.add(readLayout(source, block, firstBuffer));
            }
            return new ArrowColumnReader(source, allocator, schema, firstBuffer, List.copyOf(batches));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /** The file's full schema. */
    public Schema schema() {
        return schema;
    }

    /** The number of record batches in the file. */
    public int batchCount() {
        return batches.size();
    }

    /** The number of rows in the file, summed from the batches' metadata. */
    public long rowCount() {
        return batches.stream().mapToLong(BatchLayout::length).sum();
    }

    /** Reads batch i with only the named columns (null or empty = all columns), into a fresh root the caller closes. */
    public VectorSchemaRoot readBatch(int index, List<String> columns) throws IOException {
        BatchLayout batch = batches.get(Objects.checkIndex(index, batches.size()));
        List<Integer> fields = requestedFields(columns);
        List<ArrowFieldNode> nodes = fields.stream().map(batch.nodes()::get).toList();
        List<Range> ranges = fields.stream()
                .flatMap(f -> batch.buffers().subList(firstBuffer[f], firstBuffer[f + 1]).stream())
                .toList();
        Schema projected = new Schema(fields.stream().map(schema.getFields()::get).toList());
        List<ArrowBuf> spans = new ArrayList<>();
        try {
            List<ArrowBuf> buffers = readBuffers(ranges, spans);
            // The batch retains its own reference to every buffer, and the loaded vectors theirs.
            try (ArrowRecordBatch recordBatch = new ArrowRecordBatch(batch.length(), nodes, buffers)) {
                return load(projected, recordBatch);
            }
        } finally {
            spans.forEach(ArrowBuf::close);
        }
    }

    /** The bytes actually read from the file so far: footer, batch metadata and column buffers. */
    public long bytesRead() {
        return source.bytesRead();
    }

    /** Closes the file; roots already read stay valid. */
    @Override
    public void close() throws IOException {
        source.channel().close();
    }

    private VectorSchemaRoot load(Schema projected, ArrowRecordBatch recordBatch) {
        VectorSchemaRoot root = VectorSchemaRoot.create(projected, allocator);
        try {
            new VectorLoader(root).load(recordBatch);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private List<Integer> requestedFields(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return IntStream.range(0, schema.getFields().size()).boxed().toList();
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("Column requested twice in " + columns + " from " + source.file());
        }
        return columns.stream().map(this::fieldIndexOf).toList();
    }

    private int fieldIndexOf(String column) {
        Integer index = fieldIndex.get(column);
        if (index == null) {
            throw new IllegalArgumentException("No column '" + column + "' in " + source.file());
        }
        return index;
    }

    /** Reads the ranges, close ones in one read, into slices of spans that the caller closes. */
    private List<ArrowBuf> readBuffers(List<Range> ranges, List<ArrowBuf> spans) throws IOException {
        ArrowBuf[] buffers = new ArrowBuf[ranges.size()];
        for (List<Integer> group : coalesce(ranges)) {
            long start = ranges.get(group.getFirst()).position();
            long end = group.stream().mapToLong(i -> ranges.get(i).end()).max().orElseThrow();
            ArrowBuf span = source.read(start, end - start, allocator);
            spans.add(span);
            for (int i : group) {
                buffers[i] = span.slice(ranges.get(i).position() - start, ranges.get(i).length());
            }
        }
        return Arrays.asList(buffers);
    }

    /** Groups the indexes of ranges that lie within COALESCE_GAP of each other in the file. */
    private static List<List<Integer>> coalesce(List<Range> ranges) {
        List<Integer> byPosition = IntStream.range(0, ranges.size()).boxed()
                .sorted(Comparator.comparingLong(i -> ranges.get(i).position()))
                .toList();
        List<List<Integer>> groups = new ArrayList<>();
        long groupEnd = Long.MIN_VALUE;
        for (int i : byPosition) {
            if (groups.isEmpty() || ranges.get(i).position() - groupEnd > COALESCE_GAP) {
                groups.add(new ArrayList<>());
            }
            groups.getLast().add(i);
            groupEnd = Math.max(groupEnd, ranges.get(i).end());
        }
        return groups;
    }

    private static ArrowFooter readFooter(CountingChannel source) throws IOException {
        long size = source.channel().size();
        if (size < MAGIC.length + TRAILER_LENGTH) {
            throw source.corrupt("too short for an Arrow IPC file (" + size + " bytes)");
        }
        if (!isMagic(source.read(0, MAGIC.length))) {
            throw source.corrupt("no ARROW1 magic at the start; not an Arrow IPC file");
        }
        ByteBuffer trailer = source.read(size - TRAILER_LENGTH, TRAILER_LENGTH);
        int footerLength = trailer.getInt();
        if (!isMagic(trailer.slice(Integer.BYTES, MAGIC.length))) {
            throw source.corrupt("no ARROW1 magic at the end; the file is truncated or not an Arrow IPC file");
        }
        long footerStart = size - TRAILER_LENGTH - footerLength;
        if (footerLength <= 0 || footerStart < MAGIC.length) {
            throw source.corrupt("footer length " + footerLength + " does not fit a file of " + size + " bytes");
        }
        ByteBuffer footer = source.read(footerStart, footerLength);
        try {
            ArrowFooter parsed = new ArrowFooter(Footer.getRootAsFooter(footer));
            for (ArrowBlock block : parsed.getRecordBatches()) {
                checkBlock(source, block, footerStart);
            }
            return parsed;
        } catch (RuntimeException e) {
            throw source.corrupt("unreadable footer", e);
        }
    }

    private static void checkBlock(CountingChannel source, ArrowBlock block, long footerStart) throws IOException {
        // Subtractions rather than sums, so that garbage lengths cannot overflow past the check.
        long room = footerStart - block.getOffset();
        if (block.getOffset() < MAGIC.length || room < 0 || block.getMetadataLength() < 2 * Integer.BYTES
                || block.getBodyLength() < 0 || block.getBodyLength() > room - block.getMetadataLength()) {
            throw source.corrupt("record batch block " + block.getOffset() + "+" + block.getMetadataLength() + "+"
                    + block.getBodyLength() + " lies outside the data section");
        }
    }

    private static Schema supportedSchema(ArrowFooter footer, Path file) {
        for (Field field : footer.getSchema().getFields()) {
            if (field.getDictionary() != null) {
                throw new IllegalArgumentException(
                        "Dictionary-encoded column '" + field.getName() + "' is not supported, in " + file);
            }
            if (!field.getChildren().isEmpty()) {
                throw new IllegalArgumentException(
                        "Nested column '" + field.getName() + "' is not supported, in " + file);
            }
        }
        return footer.getSchema();
    }

    private static int[] firstBuffers(Schema schema) {
        List<Field> fields = schema.getFields();
        int[] first = new int[fields.size() + 1];
        for (int i = 0; i < fields.size(); i++) {
            first[i + 1] = first[i] + TypeLayout.getTypeBufferCount(fields.get(i).getType());
        }
        return first;
    }

    private static BatchLayout readLayout(CountingChannel source, ArrowBlock block, int[] firstBuffer)
            throws IOException {
        RecordBatch header = readHeader(source, block);
        if (header.compression() != null) {
            throw new IllegalArgumentException("Compressed record batches are not supported, in " + source.file());
        }
        int fieldCount = firstBuffer.length - 1;
        if (header.nodesLength() != fieldCount || header.buffersLength() != firstBuffer[fieldCount]) {
            throw source.corrupt("record batch at " + block.getOffset() + " has " + header.nodesLength()
                    + " nodes and " + header.buffersLength() + " buffers; the schema needs " + fieldCount
                    + " and " + firstBuffer[fieldCount]);
        }
        if (header.length() < 0 || header.length() > Integer.MAX_VALUE) {
            throw source.corrupt("record batch at " + block.getOffset() + " has length " + header.length());
        }
        return new BatchLayout((int) header.length(), nodes(header), buffers(source, block, header));
    }

    private static RecordBatch readHeader(CountingChannel source, ArrowBlock block) throws IOException {
        ByteBuffer metadata = source.read(block.getOffset(), block.getMetadataLength());
        try {
            // Skip the message's length prefix, with or without the continuation marker.
            int prefix = metadata.getInt(0) == CONTINUATION_MARKER ? 2 * Integer.BYTES : Integer.BYTES;
            Message message = Message.getRootAsMessage(metadata.position(prefix).slice());
            if (message.headerType() != MessageHeader.RecordBatch) {
                throw source.corrupt("block at " + block.getOffset() + " holds message type "
                        + message.headerType() + ", not a record batch");
            }
            return (RecordBatch) message.header(new RecordBatch());
        } catch (RuntimeException e) {
            throw source.corrupt("unreadable record batch metadata at " + block.getOffset(), e);
        }
    }

    private static List<ArrowFieldNode> nodes(RecordBatch header) {
        return IntStream.range(0, header.nodesLength())
                .mapToObj(header::nodes)
                .map(node -> new ArrowFieldNode(node.length(), node.nullCount()))
                .toList();
    }

    private static List<Range> buffers(CountingChannel source, ArrowBlock block, RecordBatch header)
            throws IOException {
        long bodyStart = block.getOffset() + block.getMetadataLength();
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < header.buffersLength(); i++) {
            Buffer buffer = header.buffers(i);
            if (buffer.offset() < 0 || buffer.length() < 0
                    || buffer.length() > block.getBodyLength() - buffer.offset()) {
                throw source.corrupt("buffer " + i + " of the record batch at " + block.getOffset()
                        + " lies outside its body");
            }
            ranges.add(new Range(bodyStart + buffer.offset(), buffer.length()));
        }
        return List.copyOf(ranges);
    }

    private static boolean isMagic(ByteBuffer bytes) {
        return bytes.equals(ByteBuffer.wrap(MAGIC));
    }

    private static Map<String, Integer> indexByName(Schema schema) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < schema.getFields().size(); i++) {
            index.putIfAbsent(schema.getFields().get(i).getName(), i);
        }
        return Map.copyOf(index);
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** A record batch's metadata: enough to read any of its columns without reading the others. */
    private record BatchLayout(int length, List<ArrowFieldNode> nodes, List<Range> buffers) {
    }

    /** A byte range of the file. */
    private record Range(long position, long length) {

        long end() {
            return position + length;
        }
    }

    /** Positional reads of the file that count the bytes they read. */
    private static final class CountingChannel {

        private final Path file;
        private final FileChannel channel;
        private long bytesRead;

        CountingChannel(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        Path file() {
            return file;
        }

        FileChannel channel() {
            return channel;
        }

        long bytesRead() {
            return bytesRead;
        }

        ByteBuffer read(long position, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            readFully(bytes, position);
            return bytes.flip();
        }

        ArrowBuf read(long position, long length, BufferAllocator allocator) throws IOException {
            ArrowBuf buf = allocator.buffer(length);
            try {
                // nioBuffer windows are int-sized, so a span past 2 GiB is read in pieces.
                for (long done = 0; done < length; ) {
                    int piece = (int) Math.min(Integer.MAX_VALUE, length - done);
                    readFully(buf.nioBuffer(done, piece), position + done);
                    done += piece;
                }
                return buf.writerIndex(length);
            } catch (IOException | RuntimeException e) {
                buf.close();
                throw e;
            }
        }

        IOException corrupt(String problem) {
            return new IOException("Corrupt Arrow file " + file + ": " + problem);
        }

        IOException corrupt(String problem, Exception cause) {
            return new IOException("Corrupt Arrow file " + file + ": " + problem, cause);
        }

        private void readFully(ByteBuffer target, long position) throws IOException {
            while (target.hasRemaining()) {
                int read = channel.read(target, position);
                if (read < 0) {
                    throw new EOFException("Unexpected end of " + file + " at byte " + position);
                }
                position += read;
                bytesRead += read;
            }
        }
    }
}
