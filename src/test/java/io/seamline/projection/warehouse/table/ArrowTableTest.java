package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrowTableTest {

    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));

    @AfterEach
    void noLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void aVersionIsExactlyTheFilesItsManifestLists() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        assertThat(table.current().version()).isZero();
        append(table, "p=1", 1, 2);
        append(table, "p=2", 3);
        assertThat(ids(table, table.current())).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(ids(table, table.version(1))).containsExactlyInAnyOrder(1L, 2L);

        ArrowTable reopened = ArrowTable.open(dir, "t", SCHEMA, clock);
        assertThat(reopened.current().version()).isEqualTo(2);
        assertThat(ids(reopened, reopened.current())).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aFileNoManifestListsIsInvisibleAndVacuumed() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        append(table, "p=1", 1);
        DataFile orphan = write(table, "p=1", 99); // a crash between the file and its manifest
        assertThat(Files.exists(dir.resolve(orphan.path()))).isTrue();
        ArrowTable reopened = ArrowTable.open(dir, "t", SCHEMA, clock);
        assertThat(ids(reopened, reopened.current())).containsExactly(1L);

        reopened.vacuum(Duration.ofDays(7));
        assertThat(Files.exists(dir.resolve(orphan.path()))).isFalse();
        assertThat(ids(reopened, reopened.current())).containsExactly(1L);
    }

    @Test
    void readsAsOfAnEarlierVersionOrTimeSurviveLaterWritesAndACompaction() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        for (long id = 1; id <= 4; id++) {
            clock.advance(Duration.ofMinutes(1));
            append(table, "p=1", id);
        }
        TableManifest second = table.version(2);
        Instant betweenSecondAndThird = second.committedAt().plusSeconds(30);

        clock.advance(Duration.ofMinutes(1));
        List<TableManifest> compacted = Compaction.compactDuePartitions(table, allocator, 4);
        assertThat(compacted).hasSize(1);
        assertThat(table.current().operation()).isEqualTo(TableManifest.Operation.COMPACT);
        assertThat(table.current().files()).hasSize(1);
        assertThat(ids(table, table.current())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

        clock.advance(Duration.ofMinutes(1));
        append(table, "p=1", 5);

        assertThat(ids(table, table.version(2))).containsExactlyInAnyOrder(1L, 2L);
        assertThat(table.asOf(betweenSecondAndThird).version()).isEqualTo(2);
        assertThat(ids(table, table.asOf(betweenSecondAndThird))).containsExactlyInAnyOrder(1L, 2L);
        assertThat(table.asOf(Instant.parse("2020-01-01T00:00:00Z")).version()).isZero();
        assertThat(ids(table, table.current())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void vacuumKeepsEveryVersionInsideRetentionAndTheCurrentOne() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        append(table, "p=1", 1);
        append(table, "p=1", 2);
        Compaction.compactDuePartitions(table, allocator, 2); // version 3 replaces the files of 1 and 2
        clock.advance(Duration.ofDays(8));
        append(table, "p=1", 3); // version 4, inside retention

        ArrowTable.VacuumResult result = table.vacuum(Duration.ofDays(7));
        assertThat(result.versions()).isEqualTo(3);
        assertThat(table.versions()).extracting(TableManifest::version).containsExactly(4L);
        assertThat(ids(table, table.current())).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(dataFiles()).hasSize(2); // the compacted file and version 4's file
        assertThatThrownBy(() -> table.version(2)).isInstanceOf(TableVersionNotFound.class)
                .hasMessageContaining("retained: 4..4");
        assertThatThrownBy(() -> table.asOf(Instant.parse("2026-11-01T00:00:00Z")))
                .isInstanceOf(TableVersionNotFound.class);

        clock.advance(Duration.ofDays(30));
        table.vacuum(Duration.ofDays(7));
        assertThat(table.current().version()).isEqualTo(4); // the current version is never removed
        assertThat(ids(table, table.current())).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void openingATableWithManyVersionsReadsItsCheckpointAndOnlyTheManifestsAfterIt() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        int versions = 2 * ArrowTable.CHECKPOINT_INTERVAL + ArrowTable.CHECKPOINT_INTERVAL / 2;
        for (long id = 1; table.current().version() < versions; id++) {
            clock.advance(Duration.ofSeconds(1));
            append(table, "p=" + id % 3, id);
            if (table.current().version() < versions) {
                Compaction.compactDuePartitions(table, allocator, 4); // REPLACE-like commits remove files too
            }
        }
        assertThat(table.current().version()).isEqualTo(versions);

        ArrowTable reopened = ArrowTable.open(dir, "t", SCHEMA, clock);
        // the checkpoint at version 200 and the 50 manifests after it, not 250 manifests
        assertThat(reopened.filesReadAtOpen()).isEqualTo(1 + ArrowTable.CHECKPOINT_INTERVAL / 2);
        try (Stream<Path> files = Files.list(dir.resolve(ArrowTable.MANIFESTS))) {
            assertThat(files.count()).isLessThanOrEqualTo(ArrowTable.CHECKPOINT_INTERVAL);
        }
        // every retained version reads as it was committed, by number and by time (AS OF)
        assertThat(reopened.versions()).isEqualTo(table.versions());
        for (TableManifest version : table.versions()) {
            assertThat(reopened.version(version.version())).isEqualTo(version);
            assertThat(reopened.asOf(version.committedAt())).isEqualTo(version);
        }
        assertThat(ids(reopened, reopened.version(37))).containsExactlyInAnyOrderElementsOf(ids(table, table.version(37)));
        assertThat(ids(reopened, reopened.current())).hasSize((int) table.current().rows());
    }

    @Test
    void aVacuumCheckpointsWhatItKeepsSoExpiredVersionsStayGoneAfterReopening() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        for (long id = 1; id <= 30; id++) {
            append(table, "p=1", id);
        }
        clock.advance(Duration.ofDays(8));
        for (long id = 31; id <= 35; id++) {
            append(table, "p=1", id);
        }
        assertThat(table.vacuum(Duration.ofDays(7)).versions()).isEqualTo(30);

        ArrowTable reopened = ArrowTable.open(dir, "t", SCHEMA, clock);
        assertThat(reopened.versions()).extracting(TableManifest::version).containsExactly(31L, 32L, 33L, 34L, 35L);
        assertThat(reopened.filesReadAtOpen()).isEqualTo(1); // the vacuum's checkpoint covers all five
        assertThat(ids(reopened, reopened.version(33))).hasSize(33);
        append(reopened, "p=1", 36); // commits go on from the checkpointed version
        assertThat(ArrowTable.open(dir, "t", SCHEMA, clock).versions()).extracting(TableManifest::version)
                .containsExactly(31L, 32L, 33L, 34L, 35L, 36L);
    }

    @Test
    void aTableLinkedIntoAnotherDirectoryAcrossACheckpointOpensThereWithEveryVersion(@TempDir Path target)
            throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        for (long id = 1; id <= ArrowTable.CHECKPOINT_INTERVAL + 50; id++) {
            append(table, "p=" + id % 2, id);
        }
        table.linkInto(target); // the checkpoint at 100 and manifests 101..150
        for (long id = ArrowTable.CHECKPOINT_INTERVAL + 51; id <= 2 * ArrowTable.CHECKPOINT_INTERVAL + 10; id++) {
            append(table, "p=" + id % 2, id); // the checkpoint at 200 replaces the one at 100 and manifests up to 200
        }
        table.linkInto(target); // adds the new checkpoint and manifests 201..210 beside what it linked before

        ArrowTable linked = ArrowTable.open(target, "t", SCHEMA, clock);
        assertThat(linked.filesReadAtOpen()).isEqualTo(1 + 10);
        assertThat(linked.versions()).isEqualTo(table.versions());
        assertThat(ids(linked, linked.current())).hasSize(2 * ArrowTable.CHECKPOINT_INTERVAL + 10);
    }

    @Test
    void aCheckpointOfANewerFormatIsRefused() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        for (long id = 1; id <= ArrowTable.CHECKPOINT_INTERVAL; id++) {
            append(table, "", id);
        }
        Path checkpoint = dir.resolve(ArrowTable.MANIFESTS).resolve(ManifestCheckpoint.fileName(table.current().version()));
        Files.writeString(checkpoint, Files.readString(checkpoint).replaceFirst("\"formatVersion\":1", "\"formatVersion\":2"));
        assertThatThrownBy(() -> ArrowTable.open(dir, "t", SCHEMA, clock)).hasRootCauseMessage(checkpoint
                + ": format seamline-table-checkpoint v2 is not one this build reads (seamline-table-checkpoint v1)");
    }

    @Test
    void aManifestOfANewerFormatIsRefused() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        append(table, "", 1);
        Path manifest = dir.resolve(ArrowTable.MANIFESTS).resolve(ArrowTable.manifestName(1));
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\":1", "\"formatVersion\":2"));
        assertThatThrownBy(() -> ArrowTable.open(dir, "t", SCHEMA, clock)).hasRootCauseMessage(
                manifest + ": format seamline-table v2 is not one this build reads (seamline-table v1)");
    }

    @Test
    void removingAFileTheVersionDoesNotHaveIsRefusedAndCommitsNothing() throws IOException {
        ArrowTable table = ArrowTable.open(dir, "t", SCHEMA, clock);
        append(table, "", 1);
        assertThatThrownBy(() -> table.commit(TableManifest.Operation.REPLACE, List.of(), List.of("nope.arrow"),
                TableManifest.Watermark.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.current().version()).isEqualTo(1);
    }

    private void append(ArrowTable table, String partition, long... ids) throws IOException {
        table.commit(TableManifest.Operation.APPEND, List.of(write(table, partition, ids)), List.of(),
                new TableManifest.Watermark(Map.of(0, ids[ids.length - 1] + 1), ids[ids.length - 1], null, -1));
    }

    private DataFile write(ArrowTable table, String partition, long... ids) throws IOException {
        try (DataFileWriter file = table.newFile(partition, allocator)) {
            file.root().allocateNew();
            BigIntVector id = (BigIntVector) file.root().getVector("id");
            VarCharVector name = (VarCharVector) file.root().getVector("name");
            for (int i = 0; i < ids.length; i++) {
                id.setSafe(i, ids[i]);
                name.setSafe(i, ("row " + ids[i]).getBytes(StandardCharsets.UTF_8));
            }
            file.root().setRowCount(ids.length);
            file.writeBatch();
            return file.finish();
        }
    }

    private List<Long> ids(ArrowTable table, TableManifest version) throws IOException {
        List<Long> ids = new ArrayList<>();
        TableScan.scan(table, version, List.of("id"), p -> true, allocator, batch -> {
            BigIntVector id = (BigIntVector) batch.getVector("id");
            for (int i = 0; i < batch.getRowCount(); i++) {
                ids.add(id.get(i));
            }
            return true;
        });
        return ids;
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".arrow")).toList();
        }
    }

    /** A clock the test moves, for retention and AS OF times. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
