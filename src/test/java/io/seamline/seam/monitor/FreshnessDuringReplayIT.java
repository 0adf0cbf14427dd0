package io.seamline.seam.monitor;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.seam.log.TopicEnds;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.seamline.http.ApiFixtures.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay of the keyword index swaps a new generation in while orders keep arriving. Sampled as fast as they answer
 * all through the replay, /api/freshness and /q/health/ready never show its seam ERROR or DOWN, nor its watermark at
 * the start of the log: after the swap the consumer stands where the new generation got to, and its lag is the age of
 * the records that arrived meanwhile.
 */
@QuarkusTest
class FreshnessDuringReplayIT {

    private static final String SEARCH = "search";

    @Inject
    Freshness freshness;
    @Inject
    TopicEnds topicEnds;

    @Test
    void replaySwap_underWrites_neverShowsTheSeamErrorOrDown_norItsWatermarkAtTheStart() throws Exception {
        String product = ApiFixtures.createProduct("3.00");
        EveryPartition.holdsARecord(topicEnds, product); // so a watermark below 0 can only be the start of the log
        ApiFixtures.awaitCaughtUp(SEARCH);
        String seam = search(freshness.current()).seam();
        List<String> bad = new CopyOnWriteArrayList<>();
        AtomicLong samples = new AtomicLong();
        AtomicLong orders = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = List.of(
                    threads.submit(() -> { // orders keep the topic moving across the swap, on every partition
                        while (!done.get()) {
                            ApiFixtures.placeOrder(product);
                            orders.incrementAndGet();
                        }
                    }),
                    threads.submit(() -> { // in process: as fast as freshness can be computed
                        while (!done.get()) {
                            check(search(freshness.current()), bad);
                            samples.incrementAndGet();
                        }
                    }),
                    threads.submit(() -> {
                        while (!done.get()) {
                            JsonPath seams = api().get("/api/freshness").then().statusCode(200).extract().jsonPath();
                            Map<String, Object> search = seams.getMap("find { it.consumer == 'search' }");
                            if ("ERROR".equals(search.get("status")) || "DOWN".equals(search.get("health"))
                                    || ((Number) search.get("watermark")).longValue() < 0) {
                                bad.add("GET /api/freshness: " + search);
                            }
                            samples.incrementAndGet();
                        }
                    }),
                    threads.submit(() -> {
                        while (!done.get()) {
                            JsonPath ready = api().get("/q/health/ready").then().extract().jsonPath();
                            Map<String, Object> data = ready.getMap("checks.find { it.name == 'freshness' }.data");
                            if ("ERROR".equals(data.get(seam + ".status"))
                                    || "DOWN".equals(data.get(seam + ".health"))) {
                                bad.add("GET /q/health/ready: " + data);
                            }
                            samples.incrementAndGet();
                        }
                    }));
            ApiFixtures.replay(SEARCH);
            ApiFixtures.awaitCaughtUp(SEARCH); // on the new generation, with the orders placed meanwhile
            done.set(true);
            for (Future<?> thread : running) {
                thread.get(30, TimeUnit.SECONDS); // a sampler that failed fails the test
            }
        } finally {
            done.set(true);
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(orders.get()).as("orders placed during the replay").isGreaterThan(5);
        assertThat(samples.get()).as("samples taken").isGreaterThan(10);
        assertThat(bad).as("readings of search during its replay").isEmpty();
    }

    private static void check(Freshness.ConsumerFreshness search, List<String> bad) {
        if (search.status() == Freshness.Status.ERROR || search.health() == Freshness.Health.DOWN
                || search.watermark() < 0) {
            bad.add("Freshness.current(): " + search);
        }
    }

    private static Freshness.ConsumerFreshness search(List<Freshness.ConsumerFreshness> all) {
        return all.stream().filter(f -> f.consumer().equals(SEARCH)).findFirst().orElseThrow();
    }
}
