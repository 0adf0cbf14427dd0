package io.seamline.projection.vector;

import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index persisted incrementally: a checkpoint appends what changed to the change log (bytes in proportion to the
 * change, not the catalogue), a crash keeps every whole record and drops a torn one, and a full snapshot is written
 * only once the log outgrows the last one. "A crash" here is an index left without {@code close()} and its directory
 * opened again, the files as a killed process leaves them.
 */
class VectorChangeLogTest {

    /** Every query walks the graph; checkpoints and snapshots only when a test asks for them. */
    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0)
            .withFlushInterval(Duration.ofDays(1));

    private static final List<String> QUERIES = List.of("boil water for tea", "mat for exercise",
            "bag to carry a computer", "shoes for jogging", "keep drinks cold");

    @TempDir
    Path dir;

    private final CountingEmbedder embedder = new CountingEmbedder();
    private final Events events = new Events();

    @Test
    void checkpoint_ofKChangedProducts_appendsBytesInProportionToK_andLeavesTheSnapshotAlone() throws IOException {
        int products = 2_000;
        VectorIndex index = VectorIndex.open(dir, GRAPH, new RandomEmbedder(384));
        for (int from = 0; from < products; from += 500) {
            List<ConsumedEvent> batch = new ArrayList<>();
            for (int p = from; p < from + 500; p++) {
                batch.add(events.created("p" + (10_000 + p), 0, "Product " + p, "first text of product " + p));
            }
            index.apply(batch);
        }
        index.compact();
        long epoch = index.epoch();
        long snapshot = Files.size(dir.resolve("vectors.bin"));
        FileTime vectorsWritten = Files.getLastModifiedTime(dir.resolve("vectors.bin"));
        FileTime graphWritten = Files.getLastModifiedTime(dir.resolve("graph.bin"));
        long header = Files.size(dir.resolve("changes.log"));
        assertEquals(0, index.loggedBytes());

        long ten = appended(index, 0, 10);
        long twenty = appended(index, 10, 20);

        assertThat((double) twenty).as("bytes appended for 20 changed products").isCloseTo(2.0 * ten, withinPercentage(5));
        assertThat(ten).as("bytes appended for 10 changed products, of a %d-byte snapshot", snapshot)
                .isLessThan(10 * 2 * snapshot / products).isGreaterThan(10 * 384 * 4L);
        assertEquals(header + ten + twenty, Files.size(dir.resolve("changes.log")), "every appended byte is in the file");
        assertEquals(epoch, index.epoch(), "no snapshot");
        assertEquals(snapshot, Files.size(dir.resolve("vectors.bin")));
        assertEquals(vectorsWritten, Files.getLastModifiedTime(dir.resolve("vectors.bin")));
        assertEquals(graphWritten, Files.getLastModifiedTime(dir.resolve("graph.bin")));
    }

    /** Re-embeds {@code count} products from the {@code from}th and checkpoints; the bytes the change log grew by. */
    private long appended(VectorIndex index, int from, int count) throws IOException {
        long before = index.loggedBytes();
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int p = from; p < from + count; p++) {
            batch.add(events.updated("p" + (10_000 + p), 1, null, "second text of product " + p));
        }
        index.apply(batch);
        index.checkpoint();
        return index.loggedBytes() - before;
    }

    @Test
    void crashMidAppend_theTornLastRecordIsDropped_andTheNextAppendFollowsTheLastWholeOne() throws IOException {
        VectorIndex index = catalogue();
        index.compact();
        index.apply(List.of(events.updated("kettle", 1, null, "Garden hose with a spray nozzle, 30 metres")));
        index.checkpoint();
        long whole = Files.size(log());
        StoredPosition durable = index.position();
        var listing = index.listing();
        index.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light for reading")));
        index.checkpoint();
        long torn = whole + (Files.size(log()) - whole) / 2;
        truncate(log(), torn); // the crash came halfway through the second record

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, counting);

        assertEquals(durable, reopened.position(), "resumes after the last whole record");
        assertEquals(listing, reopened.listing());
        assertFalse(reopened.contains("lamp"));
        assertEquals("kettle", reopened.search(embedder.query("watering the garden"), 1).hits().get(0).productId());
        assertEquals(0, counting.texts.get(), "a replay embeds nothing");
        assertEquals(whole, Files.size(log()), "the torn record is cut off the file");

        // Kafka redelivers the lamp from the durable offsets; its record follows the whole one and is read back
        reopened.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light for reading")));
        reopened.checkpoint();
        VectorIndex again = VectorIndex.open(dir, GRAPH, counting);
        assertTrue(again.contains("lamp"));
        assertEquals(reopened.position(), again.position());
        assertEquals(reopened.listing(), again.listing());
    }

    @Test
    void aLastRecordFailingItsChecksum_isDropped() throws IOException {
        VectorIndex index = catalogue();
        index.checkpoint();
        StoredPosition durable = index.position();
        long whole = Files.size(log());
        index.apply(List.of(events.discontinued("yoga", 1)));
        index.checkpoint();
        try (RandomAccessFile file = new RandomAccessFile(log().toFile(), "rw")) {
            long inPayload = whole + ChangeLog.FRAME_OVERHEAD + 2; // the record's length is whole, its bytes are not
            file.seek(inPayload);
            int b = file.read();
            file.seek(inPayload);
            file.write(b ^ 0xFF);
        }

        VectorIndex reopened = VectorIndex.open(dir, GRAPH, new CountingEmbedder());

        assertEquals(durable, reopened.position());
        assertTrue(reopened.contains("yoga"), "the discontinuation was never durable; Kafka redelivers it");
    }

    @Test
    void crashBeforeACheckpoint_resumesAtTheDurablePosition_andTheRedeliveryGivesTheSameIndex() throws IOException {
        VectorIndex index = catalogue();
        index.checkpoint(); // a new index: no snapshot yet, the log follows the empty one
        assertFalse(Files.exists(dir.resolve("vectors.bin")));
        StoredPosition durable = index.position();
        List<ConsumedEvent> batch = List.of(
                events.updated("kettle", 1, null, "Boils 1.7 litres in three minutes"),
                events.discontinued("shoes", 1),
                events.created("lamp", 0, "Desk lamp", "Warm LED light for reading"));
        index.apply(batch); // applied, not yet checkpointed

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex recovered = VectorIndex.open(dir, GRAPH, counting);
        assertEquals(durable, recovered.position());
        assertEquals(5, recovered.count());
        recovered.apply(batch); // what Kafka redelivers from the durable offsets

        assertEquals(index.position(), recovered.position());
        assertEquals(index.listing(), recovered.listing());
        assertEquals(exactAnswers(index), exactAnswers(recovered));
        assertEquals(2, counting.texts.get(), "only the redelivered texts are embedded, nothing replayed from the log");
    }

    @Test
    void aNewIndex_checkpointsIntoADirectoryNotMadeYet() throws IOException {
        Path fresh = dir.resolve("search").resolve("vectors");
        VectorIndex index = VectorIndex.open(fresh, GRAPH, embedder);
        index.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light for reading")));

        index.checkpoint();

        assertTrue(Files.exists(fresh.resolve("changes.log")));
        assertTrue(VectorIndex.open(fresh, GRAPH, new CountingEmbedder()).contains("lamp"));
    }

    @Test
    void changesAfterASnapshot_updatesDiscontinuationsAndRemovals_surviveACrash() throws IOException {
        VectorIndex index = catalogue();
        index.compact();
        index.apply(List.of(events.updated("kettle", 1, null, "Garden hose with a spray nozzle, 30 metres"),
                events.discontinued("shoes", 1),
                events.created("lamp", 0, "Desk lamp", "Warm LED light for reading"),
                events.repriced("yoga", 1)));
        index.remove("cooler"); // reconciliation: the event store has no such product
        index.checkpoint();

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, counting);

        assertEquals(0, counting.texts.get());
        assertEquals(index.position(), reopened.position());
        assertEquals(index.listing(), reopened.listing());
        assertThat(reopened.listing()).noneMatch(k -> k.aggregateId().equals("cooler"));
        assertThat(reopened.listing()).anyMatch(k -> k.aggregateId().equals("shoes") && !k.live());
        assertFalse(reopened.contains("shoes"));
        assertFalse(reopened.contains("cooler"));
        assertEquals(4, reopened.count());
        assertEquals("kettle", reopened.search(embedder.query("watering the garden"), 1).hits().get(0).productId());
        assertEquals("lamp", reopened.search(embedder.query("light for reading at night"), 1).hits().get(0).productId());
        assertArrayEquals(index.vectorOf("yoga").orElseThrow(), reopened.vectorOf("yoga").orElseThrow());
        assertEquals(exactAnswers(index), exactAnswers(reopened));
        for (String id : List.of("kettle", "yoga", "backpack", "lamp")) {
            float[] own = reopened.vectorOf(id).orElseThrow();
            assertEquals(id, reopened.graphSearch(own, 1).hits().get(0).productId(), "the replayed graph finds " + id);
        }
    }

    @Test
    void aSnapshot_isWrittenOnlyOnceTheLogOutgrowsTheLastOne_andTheReopenedIndexEqualsTheLiveOne() throws IOException {
        VectorIndex index = catalogue();
        index.compact();
        long first = index.epoch();
        long snapshot = Files.size(dir.resolve("vectors.bin"));
        index.compactIfDue();
        assertEquals(first, index.epoch(), "an empty log calls for no snapshot");

        int update = 0;
        List<String> ids = List.of("kettle", "yoga", "backpack", "shoes", "cooler");
        while (index.loggedBytes() <= snapshot) {
            long sequence = update / ids.size() + 1;
            index.apply(List.of(events.updated(ids.get(update % ids.size()), sequence, null, "Edition " + sequence
                    + " of this product, improved")));
            update++;
            index.checkpoint();
            if (index.loggedBytes() <= snapshot) {
                index.compactIfDue();
                assertEquals(first, index.epoch(), "a log smaller than the snapshot calls for none");
            }
        }
        index.compactIfDue();

        assertEquals(first + 1, index.epoch(), "the log outgrew the snapshot");
        assertEquals(0, index.loggedBytes(), "a fresh log follows the new snapshot");
        index.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light for reading")));
        index.checkpoint();
        assertThat(index.loggedBytes()).isPositive();

        VectorIndex crashed = VectorIndex.open(dir, GRAPH, new CountingEmbedder());
        assertEquals(index.position(), crashed.position());
        assertEquals(index.listing(), crashed.listing());
        assertEquals(exactAnswers(index), exactAnswers(crashed));

        List<VectorAnswer> graphAnswers = graphAnswers(index);
        index.close();
        assertEquals(first + 2, index.epoch(), "close saves a snapshot, so the next open replays nothing");
        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, counting);
        assertEquals(0, counting.texts.get());
        assertFalse(reopened.graphRebuiltOnOpen());
        assertEquals(0, reopened.loggedBytes());
        assertEquals(index.position(), reopened.position());
        assertEquals(index.listing(), reopened.listing());
        assertEquals(graphAnswers, graphAnswers(reopened));
    }

    @Test
    void aLogOfAnEarlierSnapshot_isNotReplayedOntoALaterOne() throws IOException {
        VectorIndex index = catalogue();
        index.compact();
        index.apply(List.of(events.updated("kettle", 1, null, "Garden hose with a spray nozzle, 30 metres")));
        index.checkpoint();
        Path earlier = dir.resolve("earlier.log");
        Files.copy(log(), earlier);
        index.apply(List.of(events.updated("kettle", 2, null, "Cordless hammer drill with two batteries")));
        index.compact();
        float[] drill = index.vectorOf("kettle").orElseThrow();
        StoredPosition snapshotPosition = index.position();
        Files.move(earlier, log(), StandardCopyOption.REPLACE_EXISTING); // a log the new snapshot already covers

        VectorIndex reopened = VectorIndex.open(dir, GRAPH, new CountingEmbedder());

        assertArrayEquals(drill, reopened.vectorOf("kettle").orElseThrow());
        assertEquals(snapshotPosition, reopened.position());
        assertEquals(2, reopened.listing().stream().filter(k -> k.aggregateId().equals("kettle")).findFirst()
                .orElseThrow().sequence());
        reopened.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light for reading")));
        reopened.checkpoint(); // replaces the stale log with one of this snapshot's epoch
        VectorIndex again = VectorIndex.open(dir, GRAPH, new CountingEmbedder());
        assertTrue(again.contains("lamp"));
        assertArrayEquals(drill, again.vectorOf("kettle").orElseThrow());
    }

    private VectorIndex catalogue() throws IOException {
        VectorIndex index = VectorIndex.open(dir, GRAPH, embedder);
        index.apply(events.catalogue());
        return index;
    }

    private Path log() {
        return dir.resolve("changes.log");
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    private List<VectorAnswer> exactAnswers(VectorIndex index) {
        return QUERIES.stream().map(q -> index.exact(embedder.query(q), 3)).toList();
    }

    private List<VectorAnswer> graphAnswers(VectorIndex index) {
        return QUERIES.stream().map(q -> index.graphSearch(embedder.query(q), 3)).toList();
    }
}
