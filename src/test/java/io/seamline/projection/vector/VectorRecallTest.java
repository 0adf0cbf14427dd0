package io.seamline.projection.vector;

import io.seamline.seam.event.ConsumedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Recall@10 of the graph search against exact brute-force neighbours over the same stored vectors, for a fixed
 * query set over a few hundred real MiniLM product embeddings, after updates and discontinuations too.
 */
class VectorRecallTest {

    /** Every query walks the graph, however few products: these tests are about the graph. */
    private static final VectorParams GRAPH = VectorParams.DEFAULTS.withExactSearchBelow(0);

    private static final String[] MATERIALS = {"stainless steel", "bamboo", "leather", "cotton", "ceramic", "glass",
            "oak wood", "carbon fibre", "wool", "recycled plastic"};
    private static final String[] PRODUCTS = {"kettle", "cutting board", "wallet", "t-shirt", "coffee mug",
            "water bottle", "desk", "bicycle helmet", "scarf", "lunch box", "phone case", "frying pan", "backpack",
            "table lamp", "notebook", "headphones", "yoga mat", "garden chair", "teapot", "dog bed"};
    private static final String[] USES = {"for everyday use", "for travel", "for the kitchen", "for the office",
            "for outdoor adventures", "as a gift", "for children", "for professionals"};
    private static final List<String> QUERIES = List.of("boil water for tea", "something to drink coffee from",
            "keep my cards and cash", "warm clothing for winter", "protect my head while cycling",
            "carry my lunch to work", "a place for my dog to sleep", "cook eggs in the morning",
            "light for reading at night", "listen to music", "write down ideas", "sit outside in the sun",
            "exercise at home", "furniture to work at", "reusable bottle for hiking", "cover for a smartphone",
            "bag for school books", "present for a chef", "eco-friendly kitchen tools", "durable gear for camping",
            "elegant glassware", "soft wool accessories", "light sports equipment", "wooden furniture",
            "ceramic tableware", "kids lunch container", "leather goods", "cotton clothes", "tea brewing", "travel kit");
    private static final int K = 10;

    @TempDir
    Path dir;

    @Test
    void annSearch_recallAt10AgainstExact_isAtLeast0point9() throws IOException {
        CountingEmbedder embedder = new CountingEmbedder();
        // no checkpoint by the clock: the deleted nodes stay in the graph until the test purges them
        VectorIndex index = VectorIndex.open(dir, GRAPH.withFlushInterval(Duration.ofDays(1)), embedder);
        Events events = new Events();
        Random random = new Random(42);
        List<ConsumedEvent> creates = new ArrayList<>();
        int n = 0;
        for (String product : PRODUCTS) {
            for (String material : MATERIALS) {
                for (String edition : new String[] {"", "deluxe "}) { // 400 products: near-duplicates test ranking
                    String use = USES[random.nextInt(USES.length)];
                    creates.add(events.created("p" + n++, 0, edition + material + " " + product, "A " + product
                            + " made of " + material + ", " + use + "."));
                }
            }
        }
        for (int from = 0; from < creates.size(); from += 100) { // batches as the consumer would see them
            index.apply(creates.subList(from, Math.min(creates.size(), from + 100)));
        }
        List<ConsumedEvent> churn = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            churn.add(events.discontinued("p" + random.nextInt(n), 1)); // a repeat is a redelivery, skipped
            String id = "p" + random.nextInt(n);
            churn.add(events.updated(id, 2, null, "Refreshed edition " + i + " of this " + PRODUCTS[i]));
        }
        index.apply(churn);

        assertThat(index.count()).isGreaterThan(360);
        assertThat(recall(index, embedder)).as("recall@10 with deleted nodes still in the graph").isGreaterThanOrEqualTo(0.9);
        index.compact(); // a snapshot purges the deleted nodes
        assertThat(recall(index, embedder)).as("recall@10 after the purge").isGreaterThanOrEqualTo(0.9);
        index.rebuildGraph();
        assertThat(recall(index, embedder)).as("recall@10 of a rebuilt graph").isGreaterThanOrEqualTo(0.9);
    }

    /**
     * The graph itself, not a wide candidate list, must carry recall: 5,000 random unit vectors (a harder space than
     * text embeddings) searched with only 40 candidates, so a query visits a small part of the index.
     */
    @Test
    void annSearch_narrowCandidates_recallAt10OverRandomVectors_isAtLeast0point9() throws IOException {
        RandomEmbedder embedder = new RandomEmbedder(32);
        VectorParams narrow = new VectorParams(32, 100, 1.2f, 1.2f, 40, GRAPH.flushInterval(), 0);
        VectorIndex index = VectorIndex.open(dir, narrow, embedder);
        Events events = new Events();
        for (int from = 0; from < 5_000; from += 500) {
            List<ConsumedEvent> batch = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                batch.add(events.created("r" + i, 0, "random " + i, null));
            }
            index.apply(batch);
        }
        double sum = 0;
        for (int q = 0; q < 100; q++) {
            float[] vector = embedder.embed("query " + q);
            Set<String> truth = new HashSet<>(index.exact(vector, K).productIds());
            sum += index.search(vector, K).productIds().stream().filter(truth::contains).count() / (double) K;
        }
        assertThat(sum / 100).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * A small catalogue is answered exactly: below the threshold every answer is the brute-force one, although the
     * graph over the same vectors (narrow candidates, random vectors) misses some neighbours; at or above it, the
     * graph answers.
     */
    @Test
    void search_isExactBelowTheThreshold_andTheGraphsFromIt() throws IOException {
        RandomEmbedder embedder = new RandomEmbedder(32);
        VectorParams narrow = new VectorParams(16, 100, 1.2f, 1.2f, 10, GRAPH.flushInterval(), 2_001);
        VectorIndex index = VectorIndex.open(dir, narrow, embedder);
        Events events = new Events();
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(events.created("r" + i, 0, "random " + i, null));
        }
        index.apply(batch);
        int graphMisses = 0;
        for (int q = 0; q < 100; q++) {
            float[] vector = embedder.embed("query " + q);
            List<String> exact = index.exact(vector, K).productIds();
            assertEquals(exact, index.search(vector, K).productIds(), "below the threshold, query " + q);
            graphMisses += exact.equals(index.graphSearch(vector, K).productIds()) ? 0 : 1;
        }
        assertThat(graphMisses).as("queries the graph alone answers differently").isPositive();

        index.apply(List.of(events.created("r2000", 0, "random 2000", null))); // 2,001 products: the graph's turn
        for (int q = 0; q < 100; q++) {
            float[] vector = embedder.embed("query " + q);
            assertEquals(index.graphSearch(vector, K), index.search(vector, K), "at the threshold, query " + q);
        }
    }

    private static double recall(VectorIndex index, CountingEmbedder embedder) {
        double sum = 0;
        for (String query : QUERIES) {
            float[] vector = embedder.query(query);
            Set<String> truth = new HashSet<>(index.exact(vector, K).productIds());
            List<String> found = index.search(vector, K).productIds();
            assertThat(found).hasSize(K);
            sum += found.stream().filter(truth::contains).count() / (double) K;
        }
        return sum / QUERIES.size();
    }
}
