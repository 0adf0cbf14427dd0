package io.seamline.projection.search;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.model.ModelConsumers;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keyword index rebuilt from offset 0 answers a fixed set of queries as the live one did. */
@QuarkusTest
class KeywordReplayIT {

    @Inject
    CommandGateway gateway;
    @Inject
    KeywordReadModel model;
    @Inject
    ModelConsumers consumers;
    @Inject
    KeywordSearch search;
    @Inject
    EventLog log;

    @Test
    void rebuiltIndex_answersAsTheLiveOne() throws Exception {
        KeywordProducts products = new KeywordProducts(gateway);
        String word = KeywordProducts.uniqueWord();
        String kettle = products.create("Red kettle " + word, "Boils water", "Kitchen");
        String teapot = products.create("Blue teapot " + word, "Brews tea", "Kitchen");
        String lamp = products.create("Desk lamp " + word, "Warm light", "Lighting");
        products.retitle(teapot, "Green teapot " + word);
        products.discontinue(lamp);
        await().atMost(KeywordSearchIT.EVENTUALLY).untilAsserted(() ->
                assertThat(ids(word)).containsExactlyInAnyOrder(kettle, teapot));
        // earlier tests' events may still be on their way: compare with the live index once it holds the whole log
        long head = log.head();
        await().atMost(KeywordSearchIT.EVENTUALLY).until(() -> search.position().lastGlobalIndex() >= head);

        List<String> queries = List.of(word, "kettle", "teapot green", "lamp", "kitchen water", "hearthline silver",
                "\"red (kettle");
        Map<String, Set<String>> live = answers(queries);
        int liveCount = search.count();
        Path root = model.root();

        // a shopper searching all along: every answer during the rebuild and swap must still find the kettle
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        List<String> wrongAnswers = new CopyOnWriteArrayList<>();
        // its own thread: on two cores the common pool has one, which RestAssured's Groovy needs while it starts
        ExecutorService shopping = Executors.newSingleThreadExecutor();
        CompletableFuture<Integer> shopper = CompletableFuture.supplyAsync(() -> {
            int answered = 0;
            while (rebuilding.get()) {
                try {
                    if (!ids(word).contains(kettle)) {
                        wrongAnswers.add("kettle missing");
                    }
                } catch (RuntimeException e) {
                    wrongAnswers.add(e.toString());
                }
                answered++;
            }
            return answered;
        }, shopping);
        JsonPath result;
        try {
            result = ApiFixtures.replay(KeywordReadModel.GROUP);
        } finally {
            rebuilding.set(false);
        }
        assertThat(shopper.get(30, TimeUnit.SECONDS)).isPositive();
        shopping.shutdown();
        assertThat(wrongAnswers).as("answers during the rebuild").isEmpty();

        assertThat(result.getLong("done")).isPositive();
        assertEquals(liveCount, result.getInt("details.documents"));
        assertEquals(liveCount, search.count());
        // the same products per query; scores may differ a little, as deleted documents still count in the
        // live index's term statistics until merged away
        assertEquals(live, answers(queries));
        assertThat(Files.isDirectory(root.resolveSibling(root.getFileName() + ".previous"))).isTrue();
        assertThat(consumers.runner(KeywordReadModel.GROUP).orElseThrow().running()).as("live consuming resumed").isTrue();

        // and it keeps following the log after the swap
        String after = products.create("Copper kettle " + word, "Boils water", "Kitchen");
        await().atMost(KeywordSearchIT.EVENTUALLY).untilAsserted(() -> assertThat(ids(word)).contains(after));
    }

    private Map<String, Set<String>> answers(List<String> queries) {
        Map<String, Set<String>> answers = new LinkedHashMap<>();
        for (String query : queries) {
            answers.put(query, search.search(query, 10_000).hits().stream().map(KeywordHit::productId)
                    .collect(Collectors.toSet()));
        }
        return answers;
    }

    private List<String> ids(String word) {
        return search.search(word, 100).hits().stream().map(KeywordHit::productId).toList();
    }
}
