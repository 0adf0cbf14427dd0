package io.seamline.projection.search;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.seam.model.ModelConsumers;
import io.seamline.seam.model.ModelKey;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The keyword consumer stopped (index closed) and started again (index reopened from disk, consuming from its
 * commit's offsets) while products are being created: afterwards every product is in the index exactly once.
 */
@QuarkusTest
class KeywordRestartIT {

    private static final int PRODUCTS = 150;

    @Inject
    CommandGateway gateway;
    @Inject
    KeywordReadModel consumer;
    @Inject
    ModelConsumers consumers;
    @Inject
    KeywordSearch search;

    @Test
    void restartsWhileProductsAreCreated_loseAndDuplicateNothing() throws Exception {
        KeywordProducts products = new KeywordProducts(gateway);
        String word = KeywordProducts.uniqueWord();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger until = new AtomicInteger(Integer.MAX_VALUE);
        // products keep coming until some time after the last restart, so every restart happens mid-stream however
        // fast the machine creates them
        CompletableFuture<List<String>> created = CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < until.get(); i++) {
                ids.add(products.create("Lamp " + word + " number " + i, "Warm light", "Lighting"));
                sent.incrementAndGet();
            }
            return ids;
        });
        for (int restart = 1; restart <= 3; restart++) {
            int progress = restart * PRODUCTS / 5;
            await().atMost(KeywordSearchIT.EVENTUALLY).until(() -> sent.get() >= progress);
            consumer.stop();
            consumer.start();
        }
        int atLastRestart = sent.get();
        until.set(Math.max(PRODUCTS, atLastRestart + 20));
        List<String> ids = created.get(60, TimeUnit.SECONDS);
        assertThat(ids).as("products created after the last restart").hasSizeGreaterThanOrEqualTo(atLastRestart + 20);

        await().atMost(KeywordSearchIT.EVENTUALLY).untilAsserted(() ->
                assertThat(matches(word)).containsExactlyInAnyOrderElementsOf(ids));
        assertThat(search.products().stream().map(ModelKey::aggregateId).filter(ids::contains))
                .as("one document per product").hasSize(ids.size());
        assertThat(consumers.runner(KeywordReadModel.GROUP).orElseThrow().running()).isTrue();
    }

    private List<String> matches(String word) {
        return search.search(word, 100 * PRODUCTS).hits().stream().map(KeywordHit::productId).toList();
    }
}
