package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLanding;
import io.seamline.projection.warehouse.bronze.BronzeRecord;
import io.seamline.projection.warehouse.bronze.BronzeRows;
import io.seamline.projection.warehouse.bronze.BronzeSchemas;
import io.seamline.projection.warehouse.bronze.QuarantinedRecord;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableVersionNotFound;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Version, column, limit and day-range resolution of warehouse reads, on a bronze table in a temporary directory. */
class WarehouseQueryTest {

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();
    private WarehouseTables tables;
    private WarehouseQuery query;

    @BeforeEach
    void open() {
        tables = WarehouseTables.open(dir, Clock.systemUTC());
        query = new WarehouseQuery(() -> tables, allocator);
    }

    @AfterEach
    void noLeaks() {
        assertEquals(0, allocator.getAllocatedMemory());
        allocator.close();
    }

    @Test
    void read_noParameters_currentVersionEveryColumnAndItsWatermark() throws IOException {
        land("2026-11-22", 1, 2);
        TableManifest second = land("2026-11-23", 3);

        WarehouseResult result = read(WarehouseQuery.Read.ALL);

        assertEquals("bronze.events", result.table());
        assertEquals(2, result.version());
        assertEquals(second.committedAt(), result.committedAt());
        assertEquals(3, result.watermark().maxGlobalIndex());
        assertEquals(Map.of(0, 4L), result.watermark().kafkaOffsets());
        assertEquals(BronzeSchemas.EVENTS.getFields().stream().map(Field::getName).toList(),
                result.columns());
        assertEquals(List.of(1L, 2L, 3L), globalIndexes(result));
    }

    @Test
    void read_columns_onlyThoseInTheOrderAsked() throws IOException {
        land("2026-11-23", 1);
        WarehouseResult result = read(columns("global_index", "event_id"));
        List<List<String>> names = new ArrayList<>();
        result.batches(batch -> names.add(batch.getSchema().getFields().stream().map(Field::getName).toList()));
        assertEquals(List.of(List.of("global_index", "event_id")), names);
        assertEquals(List.of("global_index", "event_id"), result.columns());
    }

    @Test
    void read_limitInsideABatch_thatBatchIsCut() throws IOException {
        land("2026-11-22", 1, 2, 3);
        land("2026-11-23", 4, 5);
        assertEquals(List.of(1L, 2L), globalIndexes(read(limit(2))));
        assertEquals(List.of(1L, 2L, 3L, 4L), globalIndexes(read(limit(4))));
    }

    @Test
    void read_limitReachedAtAFileEnd_theNextFileIsNotOpened() throws IOException {
        land("2026-11-22", 1, 2, 3);
        delete(land("2026-11-23", 4, 5));
        assertEquals(List.of(1L, 2L, 3L), globalIndexes(read(limit(3))));
        assertThatThrownBy(() -> globalIndexes(read(limit(4)))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void read_fromTo_filesOfOtherDaysAreNotOpened() throws IOException {
        delete(land("2026-11-22", 1, 2));
        land("2026-11-23", 3);
        land("2026-11-24", 4);
        assertEquals(List.of(3L, 4L), globalIndexes(read(range(LocalDate.parse("2026-11-23"), null))));
        assertEquals(List.of(3L), globalIndexes(read(range(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-23")))));
        assertEquals(List.of(), globalIndexes(read(range(LocalDate.parse("2026-11-25"), null))));
        // the same read without the range does open the deleted file
        assertThatThrownBy(() -> globalIndexes(read(range(null, LocalDate.parse("2026-11-23")))))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void read_asOf_aVersionNumberOrAnInstant() throws IOException {
        TableManifest first = land("2026-11-23", 1);
        TableManifest second = land("2026-11-23", 2);

        assertEquals(1, read(version(1)).version());
        assertEquals(List.of(1L), globalIndexes(read(version(1))));
        assertEquals(first.watermark(), read(version(1)).watermark());
        assertEquals(1, read(at(first.committedAt())).version());
        assertEquals(1, read(at(second.committedAt().minusNanos(1000))).version());
        assertEquals(2, read(at(second.committedAt())).version());
        assertEquals(0, read(at(first.committedAt().minusSeconds(60))).version());
        assertEquals(List.of(), globalIndexes(read(version(0))));
        assertThatThrownBy(() -> read(version(3))).isInstanceOf(TableVersionNotFound.class)
                .hasMessageContaining("has no version 3");
    }

    static Stream<Arguments> readsTheTableCannotAnswer() {
        return Stream.of(
                Arguments.of("columns", columns("event_id", "nope")),
                Arguments.of("columns", columns("event_id", "", "type")),
                Arguments.of("columns", columns("type", "type")),
                Arguments.of("limit", limit(0)),
                Arguments.of("limit", limit(WarehouseQuery.MAX_LIMIT + 1)),
                Arguments.of("limit", limit(-5)),
                Arguments.of("to", range(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-23"))));
    }

    @ParameterizedTest
    @MethodSource("readsTheTableCannotAnswer")
    void read_somethingTheTableCannotAnswer_refusedNamingTheParameter(String parameter, WarehouseQuery.Read read)
            throws IOException {
        land("2026-11-23", 1);
        assertThatThrownBy(() -> read(read)).isInstanceOfSatisfying(InvalidQueryParameter.class,
                e -> assertEquals(parameter, e.parameter())).hasMessageContaining(parameter);
    }

    @Test
    void read_unknownColumn_theMessageListsTheTablesColumns() {
        assertThatThrownBy(() -> read(columns("event_id", "nope")))
                .hasMessage("table bronze.events has no column 'nope'; its columns are event_id, type, schema_version,"
                        + " aggregate_type, aggregate_id, sequence, global_index, kafka_partition, kafka_offset,"
                        + " event_time, ingested_at, correlation_id, payload");
    }

    @Test
    void read_rangeOnATableNotPartitionedByDay_refusedNamingFrom() throws IOException {
        ArrowTable quarantine = tables.quarantine();
        try (DataFileWriter file = quarantine.newFile("", allocator)) {
            BronzeRows.QUARANTINE.write(List.of(new QuarantinedRecord(0, 7, null, null, "not JSON",
                    "{", Instant.parse("2026-11-23T10:00:00Z"))), file.root());
            file.writeBatch();
            quarantine.commit(TableManifest.Operation.APPEND, List.of(file.finish()), List.of(),
                    TableManifest.Watermark.NONE);
        }
        assertThatThrownBy(() -> query.read(quarantine, range(LocalDate.parse("2026-11-23"), null)))
                .isInstanceOfSatisfying(InvalidQueryParameter.class, e -> assertEquals("from", e.parameter()))
                .hasMessageContaining("not partitioned by day");
        assertEquals(1, query.read(quarantine, WarehouseQuery.Read.ALL).version());
    }

    @Test
    void writeArrowStream_theRequestedColumnsUpToTheLimit() throws IOException {
        land("2026-11-22", 1, 2);
        land("2026-11-23", 3, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        read(new WarehouseQuery.Read(AsOf.CURRENT, List.of("global_index", "event_id"), 3, null, null)).writeArrowStream(out);

        List<Long> indexes = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(List.of("global_index", "event_id"),
                    root.getSchema().getFields().stream().map(Field::getName).toList());
            while (reader.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    indexes.add(((BigIntVector) root.getVector("global_index")).get(i));
                    eventIds.add(root.getVector("event_id").getObject(i).toString());
                }
            }
        }
        assertEquals(List.of(1L, 2L, 3L), indexes);
        assertEquals(List.of("event-1", "event-2", "event-3"), eventIds);
    }

    private WarehouseResult read(WarehouseQuery.Read read) {
        return query.read(tables.bronzeEvents(), read);
    }

    private static WarehouseQuery.Read version(long number) {
        return new WarehouseQuery.Read(new AsOf.Version(number), List.of(), WarehouseQuery.DEFAULT_LIMIT, null, null);
    }

    private static WarehouseQuery.Read at(Instant time) {
        return new WarehouseQuery.Read(new AsOf.At(time), List.of(), WarehouseQuery.DEFAULT_LIMIT, null, null);
    }

    private static WarehouseQuery.Read columns(String... columns) {
        return new WarehouseQuery.Read(AsOf.CURRENT, List.of(columns), WarehouseQuery.DEFAULT_LIMIT, null, null);
    }

    private static WarehouseQuery.Read limit(long limit) {
        return new WarehouseQuery.Read(AsOf.CURRENT, List.of(), limit, null, null);
    }

    private static WarehouseQuery.Read range(LocalDate from, LocalDate to) {
        return new WarehouseQuery.Read(AsOf.CURRENT, List.of(), WarehouseQuery.DEFAULT_LIMIT, from, to);
    }

    private List<Long> globalIndexes(WarehouseResult result) throws IOException {
        List<Long> indexes = new ArrayList<>();
        result.batches(batch -> {
            BigIntVector globalIndex = (BigIntVector) batch.getVector("global_index");
            for (int i = 0; i < batch.getRowCount(); i++) {
                indexes.add(globalIndex.get(i));
            }
            return true;
        });
        return indexes;
    }

    /** Lands one file of events in the day's partition, as the pipeline would, and commits it. */
    private TableManifest land(String day, long... globalIndexes) throws IOException {
        ArrowTable events = tables.bronzeEvents();
        Instant eventTime = Instant.parse(day + "T12:00:00Z");
        List<BronzeRecord> rows = Arrays.stream(globalIndexes).mapToObj(g -> new BronzeRecord(
                new BronzeEvent("event-" + g, "ProductCreated", 2, "Product", "product-" + g, 0, g, eventTime, "{}"),
                0, g, null, eventTime)).toList();
        try (DataFileWriter file = events.newFile(BronzeLanding.partitionOf(eventTime), allocator)) {
            BronzeRows.EVENTS.write(rows, file.root());
            file.writeBatch();
            long last = globalIndexes[globalIndexes.length - 1];
            return events.commit(TableManifest.Operation.APPEND, List.of(file.finish()), List.of(),
                    new TableManifest.Watermark(Map.of(0, last + 1), last, eventTime, -1));
        }
    }

    private void delete(TableManifest version) throws IOException {
        for (DataFile file : version.added()) {
            Files.delete(tables.bronzeEvents().dir().resolve(file.path()));
        }
    }
}
