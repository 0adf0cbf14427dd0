package io.seamline.projection.vector;

import io.seamline.seam.event.ConsumedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Many products with one text (hence one vector), as the test suite's and a real shop's catalogue hold: they share one
 * graph node, so their crowd cannot fill an insert's whole candidate beam with ties and leave the new product linked
 * to the crowd alone and unreachable (the miss VectorSearchIT saw after a rebuild's swap).
 */
class VectorSharedTextTest {

    /** Every query walks the graph, however few products; checkpoints only when the test asks. */
    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0)
            .withFlushInterval(Duration.ofDays(1));
    private static final int DISTINCT = 200;
    private static final int INSERTS = 100;

    @TempDir
    Path dir;

    private final RandomEmbedder embedder = new RandomEmbedder(384);
    private final Events events = new Events();

    /**
     * The case VectorSearchIT met: a graph loaded from a checkpoint takes in new products one batch at a time, and a
     * search for each one's own vector has it in the top 3. With 300 products of one text, 25 of the 100 were missed
     * before products with one vector shared a node; without the crowd none is.
     */
    @ParameterizedTest(name = "{0} products of one text")
    @ValueSource(ints = {0, 300})
    void insertsIntoALoadedCheckpoint_areFoundByTheirOwnVector_besideACrowdOfOneText(int crowd) throws IOException {
        VectorIndex saved = catalogue(crowd);
        saved.close();
        VectorIndex loaded = VectorIndex.open(dir, GRAPH, embedder);
        assertFalse(loaded.graphRebuiltOnOpen());

        List<String> missed = new ArrayList<>();
        for (int i = 0; i < INSERTS; i++) {
            String id = "new" + i;
            loaded.apply(List.of(events.created(id, 0, "New product " + i, null)));
            float[] own = loaded.vectorOf(id).orElseThrow();
            if (!loaded.graphSearch(own, 3).productIds().contains(id)) {
                missed.add(id);
            }
        }
        assertThat(missed).as("inserted products a search for their own vector misses").isEmpty();
    }

    @Test
    void productsOfOneText_areAllFound_inIdOrder_andLeaveOneByOne() throws IOException {
        VectorIndex index = catalogue(300);
        float[] shared = embedder.embed("Renamed");
        List<String> crowd = index.exact(shared, 300).productIds();
        assertEquals(300, crowd.size());
        assertEquals(crowd, crowd.stream().sorted().toList(), "ties go to the smaller id");

        assertEquals(crowd, index.graphSearch(shared, 300).productIds());
        assertEquals(index.exact(shared, 5), index.graphSearch(shared, 5));

        index.apply(List.of(events.discontinued(crowd.get(0), 1)));
        assertEquals(crowd.subList(1, 4), index.graphSearch(shared, 3).productIds());
        index.checkpoint();
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, embedder);
        assertFalse(reopened.graphRebuiltOnOpen());
        assertEquals(DISTINCT + 299, reopened.count());
        assertEquals(crowd.subList(1, 300), reopened.graphSearch(shared, 299).productIds());

        List<ConsumedEvent> rest = new ArrayList<>();
        crowd.subList(1, 300).forEach(id -> rest.add(events.discontinued(id, 1)));
        reopened.apply(rest);
        assertEquals(DISTINCT, reopened.count());
        assertThat(reopened.graphSearch(shared, 10).productIds()).doesNotContainAnyElementsOf(crowd);
    }

    /** {@code crowd} products titled "Renamed", then {@link #DISTINCT} of their own text, in batches of 100. */
    private VectorIndex catalogue(int crowd) throws IOException {
        VectorIndex index = VectorIndex.open(dir, GRAPH, embedder);
        int total = crowd + DISTINCT;
        List<ConsumedEvent> creates = IntStream.range(0, total)
                .mapToObj(i -> i < crowd
                        ? events.created("c" + i, 0, "Renamed", null)
                        : events.created("d" + i, 0, "Distinct " + i, null))
                .toList();
        for (int from = 0; from < total; from += 100) {
            index.apply(creates.subList(from, Math.min(total, from + 100)));
        }
        return index;
    }
}
