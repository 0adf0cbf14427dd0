package io.seamline.projection.vector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index fed consumed events directly: sequence guard, tombstones, re-embedding rules, persistence. */
class VectorIndexTest {

    /** Every query walks the graph, however few products: these tests are about the graph. */
    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0);

    private static final List<String> QUERIES = List.of("boil water for tea", "mat for exercise",
            "bag to carry a computer", "shoes for jogging", "keep drinks cold");

    @TempDir
    Path dir;

    private final CountingEmbedder embedder = new CountingEmbedder();
    private final Events events = new Events();

    private VectorIndex catalogue() throws IOException {
        VectorIndex index = VectorIndex.open(dir, GRAPH, embedder);
        index.apply(events.catalogue());
        return index;
    }

    @Test
    void apply_batchOfCreates_embedsInOneCallAndFindsByMeaning() throws IOException {
        VectorIndex index = catalogue();
        assertEquals(1, embedder.calls.get());
        assertEquals(5, index.count());
        assertEquals("kettle", index.search(embedder.query("boil water for tea"), 3).hits().get(0).productId());
        assertEquals("cooler", index.search(embedder.query("keep drinks cold"), 3).hits().get(0).productId());
    }

    @Test
    void staleUpdate_lowerOrEqualSequence_isSkippedAndNotEmbedded() throws IOException {
        VectorIndex index = catalogue();
        index.apply(List.of(events.updated("kettle", 1, "Garden hose", "30 m hose with spray nozzle")));
        float[] afterUpdate = index.vectorOf("kettle").orElseThrow();
        int embedded = embedder.texts.get();

        index.apply(List.of(events.updated("kettle", 1, "Electric kettle", "boils water"),
                events.created("kettle", 0, "Electric kettle", "boils water")));

        assertEquals(embedded, embedder.texts.get());
        assertArrayEquals(afterUpdate, index.vectorOf("kettle").orElseThrow());
        assertEquals(1, index.listing().stream().filter(p -> p.aggregateId().equals("kettle")).findFirst()
                .orElseThrow().sequence());
    }

    @Test
    void update_changedDescription_reembedsAndReplacesTheNode() throws IOException {
        VectorIndex index = catalogue();
        float[] before = index.vectorOf("kettle").orElseThrow();
        index.apply(List.of(events.updated("kettle", 1, null, "Garden hose with a spray nozzle, 30 metres")));
        assertFalse(java.util.Arrays.equals(before, index.vectorOf("kettle").orElseThrow()));
        assertEquals(5, index.count());
        assertEquals("kettle", index.search(embedder.query("watering the garden"), 1).hits().get(0).productId());
    }

    @Test
    void update_unchangedText_isNotReembedded() throws IOException {
        VectorIndex index = catalogue();
        float[] before = index.vectorOf("yoga").orElseThrow();
        int embedded = embedder.texts.get();
        index.apply(List.of(events.repriced("yoga", 1),
                events.updated("yoga", 2, "Non-slip yoga mat", null)));
        assertEquals(embedded, embedder.texts.get());
        assertArrayEquals(before, index.vectorOf("yoga").orElseThrow());
    }

    @Test
    void discontinued_isNeverFound_evenByItsOwnTextOrAfterOlderEventsAreRedelivered() throws IOException {
        VectorIndex index = catalogue();
        float[] ownText = embedder.query("Stainless steel electric kettle. 1.7 litre, rapid boil, auto shut-off");
        index.apply(List.of(events.discontinued("kettle", 1)));
        index.apply(List.of(events.created("kettle", 0, "Stainless steel electric kettle", "1.7 litre"),
                events.updated("kettle", 1, "Electric kettle", "boils")));

        assertFalse(index.contains("kettle"));
        assertEquals(4, index.count());
        assertThat(index.search(ownText, 10).productIds()).doesNotContain("kettle");
        assertThat(index.exact(ownText, 10).productIds()).doesNotContain("kettle");
        index.compact(); // a snapshot purges the deleted node from the graph
        assertThat(index.search(ownText, 10).productIds()).doesNotContain("kettle").hasSize(4);
    }

    @Test
    void insertsAfterDeletions_inAGraphOfMostlyDeletedNodes_stayReachable() throws IOException {
        VectorIndex index = VectorIndex.open(dir, GRAPH, embedder);
        index.apply(List.of(events.created("casserole", 0, "Cast iron casserole", "For slow braising")));
        index.apply(List.of(events.discontinued("casserole", 1)));
        index.apply(List.of(events.created("frother", 0, "Milk frother", "Battery powered whisk")));
        index.apply(List.of(events.updated("frother", 1, null, "Cordless hammer drill with batteries")));
        index.apply(List.of(events.created("espresso", 0, "Espresso machine", "15 bar pump, steam wand")));

        assertThat(index.search(embedder.query("drilling holes in a wall"), 5).productIds())
                .containsExactlyInAnyOrder("frother", "espresso");
    }

    @Test
    void orderEvents_andUpdatesOfUnknownProducts_changeNothing() throws IOException {
        VectorIndex index = catalogue();
        int embedded = embedder.texts.get();
        index.apply(List.of(events.updated("ghost", 1, "Ghost", "not created"), events.orderPaid("kettle", 1)));
        assertFalse(index.contains("ghost"));
        assertEquals(5, index.count());
        assertEquals(embedded, embedder.texts.get());
        assertEquals(5, index.listing().size());
        assertEquals(0, index.listing().stream().filter(p -> p.aggregateId().equals("kettle")).findFirst()
                .orElseThrow().sequence());
        assertEquals(7, index.position().lastGlobalIndex()); // the batch is consumed all the same
    }

    @Test
    void restart_reopensFromDisk_sameAnswersAndPosition_withoutEmbedding() throws IOException {
        VectorIndex index = catalogue();
        index.apply(List.of(events.updated("kettle", 1, null, "Boils 1.7 litres in three minutes"),
                events.discontinued("shoes", 1)));
        index.close();
        List<VectorAnswer> before = answers(index);

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, counting);

        assertEquals(0, counting.texts.get());
        assertFalse(reopened.graphRebuiltOnOpen());
        assertEquals(index.position(), reopened.position());
        assertEquals(before, answers(reopened));
        assertEquals(index.listing(), reopened.listing());

        // the loaded graph takes inserts and updates like a built one
        reopened.apply(List.of(events.created("lamp", 0, "Desk lamp", "Warm LED light"),
                events.updated("yoga", 1, null, "Thick foam mat for pilates")));
        assertEquals("lamp", reopened.search(embedder.query("light for reading at night"), 1).hits().get(0).productId());
        assertEquals("yoga", reopened.search(embedder.query("mat for exercise"), 1).hits().get(0).productId());
        assertEquals(5, reopened.count());
    }

    @Test
    void restart_withoutGraphFile_rebuildsGraphFromStoredVectors_withoutEmbedding() throws IOException {
        VectorIndex index = catalogue();
        index.close();
        List<VectorAnswer> before = answers(index);
        Files.delete(dir.resolve("graph.bin"));

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, counting);

        assertEquals(0, counting.texts.get());
        assertTrue(reopened.graphRebuiltOnOpen());
        assertEquals(before, answers(reopened));
    }

    @Test
    void crashBetweenVectorsAndOffsets_replaysFromOlderOffsets_toTheSameState() throws IOException {
        VectorIndex index = catalogue();
        index.compact(); // a snapshot: its files are the ones a crash can leave of two epochs
        byte[] olderPosition = Files.readAllBytes(dir.resolve("position.properties"));
        byte[] olderGraph = Files.readAllBytes(dir.resolve("graph.bin"));
        List<io.seamline.seam.event.ConsumedEvent> batch = List.of(
                events.updated("kettle", 1, null, "Boils 1.7 litres in three minutes"),
                events.discontinued("shoes", 1),
                events.created("lamp", 0, "Desk lamp", "Warm LED light for reading"));
        index.apply(batch);
        index.close();
        List<VectorAnswer> expected = answers(index);
        // the crash: vectors.bin of the new snapshot is on disk, graph.bin and the offsets are still the old ones
        Files.write(dir.resolve("position.properties"), olderPosition);
        Files.write(dir.resolve("graph.bin"), olderGraph);

        CountingEmbedder counting = new CountingEmbedder();
        VectorIndex recovered = VectorIndex.open(dir, GRAPH, counting);
        assertTrue(recovered.graphRebuiltOnOpen());
        assertThat(recovered.position().lastGlobalIndex()).isLessThan(index.position().lastGlobalIndex());
        recovered.apply(batch); // what Kafka redelivers from the older offsets

        assertEquals(0, counting.texts.get());
        assertEquals(index.position(), recovered.position());
        assertEquals(index.listing(), recovered.listing());
        assertEquals(expected, answers(recovered));
    }

    @Test
    void open_fileOfAnotherFormatVersion_isRefused() throws IOException {
        catalogue().close();
        byte[] bytes = Files.readAllBytes(dir.resolve("vectors.bin"));
        int versionAt = 2 + VectorFiles.VECTORS_FORMAT.length();
        bytes[versionAt + 3] = 99;
        Files.write(dir.resolve("vectors.bin"), bytes);
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> VectorIndex.open(dir, GRAPH, embedder));
        assertThat(refused.getMessage()).contains("v99");
    }

    @Test
    void rebuildGraph_sameAnswers_noEmbedding() throws IOException {
        VectorIndex index = catalogue();
        index.apply(List.of(events.updated("backpack", 1, "Laptop rucksack", null)));
        List<VectorAnswer> before = answers(index);
        int embedded = embedder.texts.get();
        index.rebuildGraph();
        assertEquals(embedded, embedder.texts.get());
        assertEquals(before, answers(index));
        assertTrue(Files.exists(dir.resolve("graph.bin")));
    }

    private List<VectorAnswer> answers(VectorIndex index) {
        return QUERIES.stream().map(q -> index.search(embedder.query(q), 3)).toList();
    }
}
