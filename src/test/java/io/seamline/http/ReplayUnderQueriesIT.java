package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read model keeps answering its queries while it is rebuilt from the log and swapped: a reader asks for a
 * product all through a replay (started by the admin API, polled to its end), and every answer finds it; afterwards
 * the model goes on following the log.
 */
@QuarkusTest
class ReplayUnderQueriesIT {

    /** The query each model answers through the API, and whether its answer holds the product. */
    private record Query(Function<String, Response> ask, Function<JsonPath, List<String>> found) {
    }

    private static final Map<String, Query> QUERIES = Map.of(
            "rowstore", new Query(id -> api().get("/api/products/" + id), answer -> List.of(answer.getString("id"))),
            "search", new Query(title -> api().queryParam("q", title).queryParam("mode", "bm25").get("/api/search"),
                    answer -> answer.getList("hits.productId", String.class)),
            "vectors", new Query(title -> api().queryParam("q", title).queryParam("mode", "vector").get("/api/search"),
                    answer -> answer.getList("hits.productId", String.class)),
            "warehouse", new Query(id -> api().queryParam("columns", "product_id").queryParam("limit", 100_000)
                    .get("/api/warehouse/silver/products"), answer -> answer.getList("rows.product_id", String.class)));

    @ParameterizedTest
    @ValueSource(strings = {"rowstore", "search", "vectors", "warehouse"})
    void queriesKeepAnswering_throughTheReplayAndTheSwap(String model) throws Exception {
        String title = "Quenchwort " + uniqueSku().toLowerCase() + " lantern";
        String id = product(title);
        String key = model.equals("rowstore") || model.equals("warehouse") ? id : title;
        Query query = QUERIES.get(model);
        await().atMost(EVENTUALLY).until(() -> finds(query, key, id));

        AtomicBoolean replaying = new AtomicBoolean(true);
        List<String> wrong = new CopyOnWriteArrayList<>();
        // its own thread: on two cores the common pool has one, which RestAssured's Groovy needs while it starts
        ExecutorService reading = Executors.newSingleThreadExecutor();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int answered = 0;
            while (replaying.get()) {
                try {
                    if (!finds(query, key, id)) {
                        wrong.add("answer without the product");
                    }
                } catch (RuntimeException | AssertionError e) {
                    wrong.add(e.toString());
                }
                answered++;
            }
            return answered;
        }, reading);
        JsonPath job;
        try {
            job = ApiFixtures.replay(model);
        } finally {
            replaying.set(false);
        }

        assertThat(reader.get(60, TimeUnit.SECONDS)).as("answers during the replay").isPositive();
        reading.shutdown();
        assertThat(wrong).as("answers during the replay of %s", model).isEmpty();
        assertThat(job.getLong("done")).isPositive();
        assertThat(finds(query, key, id)).isTrue();
        String later = "Quenchwort " + uniqueSku().toLowerCase() + " lantern";
        String laterId = product(later);
        String laterKey = model.equals("rowstore") || model.equals("warehouse") ? laterId : later;
        await(model + " follows the log after the swap").atMost(EVENTUALLY)
                .until(() -> finds(query, laterKey, laterId));
    }

    private static boolean finds(Query query, String key, String id) {
        Response answer = query.ask().apply(key);
        answer.then().statusCode(200);
        return query.found().apply(answer.jsonPath()).contains(id);
    }

    private static String product(String title) {
        Map<String, Object> body = productBody(uniqueSku(), "14.00", "EUR");
        body.put("title", title);
        return ApiFixtures.createProduct(body);
    }
}
