package io.seamline.projection.search;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.seam.model.ModelKey;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A product's life through the real command side, Kafka and the keyword consumer, as search sees it. */
@QuarkusTest
class KeywordSearchIT {

    static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Inject
    CommandGateway gateway;
    @Inject
    KeywordSearch search;

    @Test
    void createdUpdatedDiscontinued_searchFollows() {
        KeywordProducts products = new KeywordProducts(gateway);
        String before = KeywordProducts.uniqueWord();
        String after = KeywordProducts.uniqueWord();
        String id = products.create("Kettle " + before, "Stainless steel, 1.7 l", "Home & Kitchen > Kettles");

        await().atMost(EVENTUALLY).untilAsserted(() -> assertEquals(List.of(id), ids(before)));
        KeywordHit hit = search.search(before, 10).hits().get(0);
        assertEquals("Kettle " + before, hit.title());
        assertEquals("Home & Kitchen > Kettles", hit.category());
        assertThat(hit.score()).isPositive();
        assertThat(search.search(before, 10).position().lastGlobalIndex()).isNotNegative();

        products.retitle(id, "Kettle " + after);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertEquals(List.of(id), ids(after));
            assertEquals(List.of(), ids(before));
        });
        assertThat(search.products()).contains(new ModelKey(id, 1, true));

        products.discontinue(id);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(search.contains(id)).isFalse());
        assertEquals(List.of(), ids(after));
        assertThat(search.products()).contains(new ModelKey(id, 2, false));
    }

    private List<String> ids(String word) {
        return search.search(word, 10).hits().stream().map(KeywordHit::productId).toList();
    }
}
