package io.seamline.projection.warehouse.table;

import io.seamline.projection.warehouse.bronze.BronzeSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrowColumnReaderTest {

    // Two-, three- and four-byte UTF-8 characters, so that string offsets are byte offsets, not char offsets.
    private static final String MULTI_BYTE = "é漢😀";

    @TempDir
    Path dir;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void noMemoryLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void aSubsetOfColumnsHoldsTheSameValuesAsTheStandardReaderInTheRequestedOrder() throws IOException {
        Path file = write("bronze.arrow", BronzeSchemas.EVENTS, 30, 7, 0, 23, 1);
        List<String> columns = List.of("payload", "correlation_id", "kafka_offset", "event_time", "event_id");

        List<Map<String, List<Object>>> expected = readWithStandardReader(file);

        assertThat(expected.get(0).get("correlation_id")).containsNull();
        assertSameValues(file, columns, expected);
    }

    @Test
    void decimalsBooleansAndNullableTimestampsReadBackAsWritten() throws IOException {
        Path file = write("products.arrow", SilverSchemas.PRODUCTS, 10, 12, 5);
        List<String> columns = List.of("discontinued_at", "price", "discontinued", "description", "sequence");

        List<Map<String, List<Object>>> expected = readWithStandardReader(file);

        assertThat(expected.get(0).get("discontinued_at")).containsNull();
        assertThat(expected.get(0).get("discontinued")).contains(true, false);
        assertSameValues(file, columns, expected);
    }

    @Test
    void noColumnsNamedMeansEveryColumnInFileOrder() throws IOException {
        Path file = write("all.arrow", BronzeSchemas.EVENTS, 30, 9, 4);
        List<Map<String, List<Object>>> expected = readWithStandardReader(file);

        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            for (int batch = 0; batch < expected.size(); batch++) {
                try (VectorSchemaRoot all = reader.readBatch(batch, null);
                     VectorSchemaRoot none = reader.readBatch(batch, List.of())) {
                    assertThat(all.getSchema()).isEqualTo(BronzeSchemas.EVENTS);
                    assertThat(columnsOf(all)).containsExactlyEntriesOf(expected.get(batch));
                    assertThat(columnsOf(none)).containsExactlyEntriesOf(expected.get(batch));
                }
            }
        }
    }

    @Test
    void countsComeFromTheMetadata() throws IOException {
        Path file = write("counts.arrow", BronzeSchemas.EVENTS, 30, 7, 0, 23, 1);

        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            assertThat(reader.schema()).isEqualTo(BronzeSchemas.EVENTS);
            assertThat(reader.batchCount()).isEqualTo(4);
            assertThat(reader.rowCount()).isEqualTo(31);
        }
    }

    @Test
    void readsOnlyTheBytesOfTheRequestedColumns() throws IOException {
        int rows = 1_200;
        Path file = write("wide.arrow", BronzeSchemas.EVENTS, 2_000, 500, 700);
        long fileSize = Files.size(file);

        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            long afterOpen = reader.bytesRead();
            readAll(reader, List.of("schema_version", "kafka_partition"));

            assertThat(reader.bytesRead() - afterOpen).isGreaterThanOrEqualTo(2L * rows * Integer.BYTES);
            assertThat(reader.bytesRead()).isLessThan(fileSize / 5);
        }
        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            readAll(reader, null);

            assertThat(reader.bytesRead()).isBetween(fileSize * 9 / 10, fileSize);
        }
    }

    @Test
    void anUnknownColumnIsNamedInTheError() throws IOException {
        Path file = write("unknown.arrow", BronzeSchemas.EVENTS, 30, 3);

        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            assertThatThrownBy(() -> reader.readBatch(0, List.of("event_id", "no_such_column")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no_such_column")
                    .hasMessageContaining("unknown.arrow");
            assertThatThrownBy(() -> reader.readBatch(0, List.of("type", "type")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
        }
    }

    @Test
    void aTruncatedFileIsRejectedClearly() throws IOException {
        Path file = write("truncated.arrow", BronzeSchemas.EVENTS, 30, 7, 5);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        assertRejected(file, "ARROW1");
    }

    @Test
    void aFileTooShortToHoldTheMagicIsRejectedClearly() throws IOException {
        Path file = Files.write(dir.resolve("short.arrow"), new byte[] {'A', 'R', 'R'});

        assertRejected(file, "too short");
    }

    @Test
    void aGarbledFooterIsRejectedClearly() throws IOException {
        Path file = write("footer.arrow", BronzeSchemas.EVENTS, 30, 7, 5);
        long size = Files.size(file);
        int footerLength = ByteBuffer.wrap(Files.readAllBytes(file), (int) size - 10, 4)
                .order(ByteOrder.LITTLE_ENDIAN).getInt();

        overwrite(file, size - 10 - footerLength, footerLength);

        assertRejected(file, "footer");
    }

    @Test
    void garbledBatchMetadataIsRejectedClearly() throws IOException {
        Path file = write("metadata.arrow", BronzeSchemas.EVENTS, 30, 7, 5);
        ArrowBlock block = recordBlocks(file).get(1);

        // Keep the 8-byte length prefix so that only the flatbuffer itself is garbage.
        overwrite(file, block.getOffset() + 8, block.getMetadataLength() - 8);

        assertRejected(file, "metadata");
    }

    @Test
    void dictionaryEncodedColumnsAreRejectedClearly() throws IOException {
        DictionaryEncoding encoding = new DictionaryEncoding(1L, false, new ArrowType.Int(32, true));
        Field status = new Field("status", new FieldType(false, new ArrowType.Int(32, true), encoding), null);
        Path file = dir.resolve("dictionary.arrow");
        try (VarCharVector statuses = new VarCharVector("statuses", allocator);
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(status)), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter writer = new ArrowFileWriter(root,
                     new DictionaryProvider.MapDictionaryProvider(new Dictionary(statuses, encoding)), channel)) {
            statuses.setSafe(0, "PAID".getBytes(StandardCharsets.UTF_8));
            statuses.setValueCount(1);
            writer.start();
            writer.end();
        }

        assertThatThrownBy(() -> ArrowColumnReader.open(file, allocator).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Dictionary-encoded column 'status'")
                .hasMessageContaining("dictionary.arrow");
    }

    @Test
    void closingTheRootsAndTheReaderReturnsEveryByte() throws IOException {
        Path file = write("leak.arrow", BronzeSchemas.EVENTS, 30, 7, 0, 23);
        List<VectorSchemaRoot> roots = new ArrayList<>();

        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            for (int batch = 0; batch < reader.batchCount(); batch++) {
                roots.add(reader.readBatch(batch, List.of("payload", "sequence")));
                roots.add(reader.readBatch(batch, null));
            }
        }
        assertThat(allocator.getAllocatedMemory()).isPositive();
        roots.forEach(VectorSchemaRoot::close);

        assertThat(allocator.getAllocatedMemory()).isZero();
        assertThatCode(allocator::close).doesNotThrowAnyException();
    }

    private void assertSameValues(Path file, List<String> columns, List<Map<String, List<Object>>> expected)
            throws IOException {
        try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
            assertThat(reader.batchCount()).isEqualTo(expected.size());
            for (int batch = 0; batch < expected.size(); batch++) {
                try (VectorSchemaRoot root = reader.readBatch(batch, columns)) {
                    assertThat(columnsOf(root)).containsExactlyEntriesOf(project(expected.get(batch), columns));
                }
            }
        }
    }

    private void assertRejected(Path file, String problem) {
        assertThatThrownBy(() -> {
            try (ArrowColumnReader reader = ArrowColumnReader.open(file, allocator)) {
                readAll(reader, null);
            }
        })
                .isInstanceOfAny(IOException.class, IllegalArgumentException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining(problem);
    }

    private static void readAll(ArrowColumnReader reader, List<String> columns) throws IOException {
        for (int batch = 0; batch < reader.batchCount(); batch++) {
            reader.readBatch(batch, columns).close();
        }
    }

    private static Map<String, List<Object>> project(Map<String, List<Object>> columns, List<String> names) {
        Map<String, List<Object>> projected = new LinkedHashMap<>();
        names.forEach(name -> projected.put(name, columns.get(name)));
        return projected;
    }

    private static Map<String, List<Object>> columnsOf(VectorSchemaRoot root) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (FieldVector vector : root.getFieldVectors()) {
            List<Object> values = new ArrayList<>();
            for (int row = 0; row < root.getRowCount(); row++) {
                values.add(vector.getObject(row));
            }
            columns.put(vector.getName(), values);
        }
        return columns;
    }

    private List<Map<String, List<Object>>> readWithStandardReader(Path file) throws IOException {
        List<Map<String, List<Object>>> batches = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                batches.add(columnsOf(reader.getVectorSchemaRoot()));
            }
        }
        return batches;
    }

    private List<ArrowBlock> recordBlocks(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            return reader.getRecordBlocks();
        }
    }

    private static void overwrite(Path file, long position, int length) throws IOException {
        byte[] garbage = new byte[length];
        Arrays.fill(garbage, (byte) 0xA7);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(position);
            raw.write(garbage);
        }
    }

    /** Writes one record batch per size with the standard writer; payload values are payloadChars long. */
    private Path write(String name, Schema schema, int payloadChars, int... batchSizes) throws IOException {
        Path file = dir.resolve(name);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            int id = 0;
            for (int size : batchSizes) {
                root.allocateNew();
                for (int row = 0; row < size; row++, id++) {
                    for (FieldVector vector : root.getFieldVectors()) {
                        set(vector, row, id, payloadChars);
                    }
                }
                root.setRowCount(size);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    /** A value that differs per row and per column, so that a swapped or shifted column cannot pass. */
    private static void set(FieldVector vector, int row, int id, int payloadChars) {
        String name = vector.getName();
        if (vector.getField().isNullable() && id % 3 == 0) {
            vector.setNull(row);
            return;
        }
        long seed = name.hashCode() * 1_000L + id;
        switch (vector) {
            case VarCharVector text -> text.setSafe(row, text(name, id, payloadChars).getBytes(StandardCharsets.UTF_8));
            case IntVector ints -> ints.setSafe(row, (int) seed);
            case BigIntVector longs -> longs.setSafe(row, seed);
            case TimeStampMicroTZVector times -> times.setSafe(row, 1_700_000_000_000_000L + seed);
            case BitVector bits -> bits.setSafe(row, id % 2);
            case DecimalVector money -> money.setSafe(row, BigDecimal.valueOf(seed, 2));
            default -> throw new IllegalStateException("No test values for " + vector.getField());
        }
    }

    private static String text(String name, int id, int payloadChars) {
        String value = name + "-" + id + "-" + MULTI_BYTE;
        return name.equals("payload") ? value.repeat(payloadChars / value.length() + 1) : value;
    }
}
