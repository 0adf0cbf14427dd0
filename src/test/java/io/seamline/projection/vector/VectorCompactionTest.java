package io.seamline.projection.vector;

import io.seamline.seam.event.ConsumedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Many re-embedding updates spend ordinals; a checkpoint packs the graph again and every product stays findable. */
class VectorCompactionTest {

    /** Every query walks the graph, however few products: these tests are about the graph. */
    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0);

    private static final int PRODUCTS = 10;
    private static final int UPDATES = 120;

    @TempDir
    Path dir;

    @Test
    void checkpoint_afterManyTextUpdates_compactsOrdinals_andKeepsAnswers() throws IOException {
        RandomEmbedder embedder = new RandomEmbedder(16);
        // no checkpoint by the clock while the updates go in: the test decides when it happens
        VectorIndex index = VectorIndex.open(dir, GRAPH.withFlushInterval(Duration.ofDays(1)), embedder);
        Events events = new Events();
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int p = 0; p < PRODUCTS; p++) {
            batch.add(events.created("p" + p, 0, "Product " + p, "first text"));
        }
        index.apply(batch);
        for (int u = 1; u <= UPDATES; u++) {
            batch = new ArrayList<>();
            for (int p = 0; p < PRODUCTS; p++) {
                batch.add(events.updated("p" + p, u, null, "text " + u));
            }
            index.apply(batch);
        }
        assertFalse(index.ordinalUpperBound() <= 2 * PRODUCTS, "updates spent ordinals");

        index.checkpoint();

        assertEquals(PRODUCTS, index.ordinalUpperBound());
        assertEquals(PRODUCTS, index.count());
        for (int p = 0; p < PRODUCTS; p++) {
            float[] current = embedder.embed(ProductText.of("Product " + p, "text " + UPDATES));
            assertEquals("p" + p, index.search(current, 1).hits().get(0).productId());
        }
        VectorIndex reopened = VectorIndex.open(dir, GRAPH, embedder);
        assertFalse(reopened.graphRebuiltOnOpen());
        assertEquals(index.listing(), reopened.listing());
    }
}
