package io.seamline.projection.vector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.seamline.seam.consume.StoredPosition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Filters inside the vector index, on the graph walk (jvector's accepted ordinals) and in the exact scan: a query
 * whose nearest products all fail the filter still gets k that pass. With the real model.
 */
class VectorFilterTest {

    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0);
    private static final VectorParams EXACT = VectorParams.DEFAULTS.withExactSearchBelow(Integer.MAX_VALUE);
    private static final String QUERY = "electric kettle to boil water for tea";
    private static final int KETTLES = VectorParams.DEFAULTS.searchCandidates() + 5;

    @TempDir
    Path dir;

    private final CountingEmbedder embedder = new CountingEmbedder();
    private final Events events = new Events();

    private VectorIndex catalogue(VectorParams params) throws IOException {
        VectorIndex index = VectorIndex.open(dir, params, embedder);
        List<io.seamline.seam.event.ConsumedEvent> batch = new ArrayList<>();
        // more kettles than a graph search's candidate list holds: filtering what the walk returned would leave none
        for (int i = 0; i < KETTLES; i++) {
            batch.add(events.listed("kettle" + i, "Electric kettle model " + i, "Boils water for tea in minutes",
                    "Home & Kitchen > Kettles", "30.00"));
        }
        batch.add(events.listed("hose", "Garden hose", "30 m with a spray nozzle", "Garden > Watering", "12.00"));
        batch.add(events.listed("rake", "Leaf rake", "Steel tines for autumn leaves", "Garden > Tools", "15.00"));
        batch.add(events.listed("mower", "Push lawn mower", "Cuts grass quietly", "Garden > Tools", "99.00"));
        index.apply(batch);
        return index;
    }

    @Test
    void onTheGraph_aCategoryFilterReturnsKInFilterHits_whereTheNearestKAreAllOutside() throws IOException {
        assertFilteredInside(catalogue(GRAPH));
    }

    @Test
    void inTheExactScan_aCategoryFilterReturnsKInFilterHits_whereTheNearestKAreAllOutside() throws IOException {
        assertFilteredInside(catalogue(EXACT));
    }

    private void assertFilteredInside(VectorIndex index) {
        float[] query = embedder.query(QUERY);
        assertThat(index.search(query, KETTLES).productIds()).allMatch(id -> id.startsWith("kettle"));

        List<String> garden = index.search(query, 3, new SearchFilter("garden", null, null, null)).productIds();

        assertThat(garden).containsExactlyInAnyOrder("hose", "rake", "mower");
    }

    @Test
    void aPriceFilter_readsThePriceAfterARepriceThatKeptTheVector() throws IOException {
        VectorIndex index = catalogue(GRAPH);
        int embedded = embedder.texts.get();
        SearchFilter cheap = new SearchFilter(null, BigDecimal.ZERO, new BigDecimal("20"), "EUR");
        assertThat(index.search(embedder.query(QUERY), 10, cheap).productIds())
                .containsExactlyInAnyOrder("hose", "rake");

        index.apply(List.of(events.repriced("mower", 1))); // to 19.99 EUR

        assertThat(index.search(embedder.query(QUERY), 10, cheap).productIds())
                .containsExactlyInAnyOrder("hose", "rake", "mower");
        assertThat(index.search(embedder.query(QUERY), 10, new SearchFilter(null, null, null, "USD")).hits())
                .isEmpty();
        assertEquals(embedded, embedder.texts.get(), "a price change embeds nothing");
    }

    @Test
    void categoryAndPrice_surviveACheckpointAndReopen() throws IOException {
        VectorIndex index = catalogue(EXACT);
        index.checkpoint();

        VectorIndex reopened = VectorIndex.open(dir, EXACT, embedder);

        assertThat(reopened.search(embedder.query(QUERY), 10, new SearchFilter("Garden > Tools", null,
                new BigDecimal("20"), "EUR")).productIds()).containsExactly("rake");
    }

    @Test
    void vectorsOfTheVersionBefore_areNotRead_theIndexStartsEmptyFromTheLog() throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("vectors.bin")))) {
            out.writeUTF(VectorFiles.VECTORS_FORMAT);
            out.writeInt(1);
            out.writeLong(7); // the rest of a version-1 file is never read
        }

        VectorIndex index = VectorIndex.open(dir, EXACT, embedder);

        assertEquals(0, index.count());
        assertEquals(StoredPosition.START, index.position());
    }
}
