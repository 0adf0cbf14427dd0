package io.seamline.projection.categories;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.seam.contract.SeamContracts;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A read model is one package plus one contract file: {@link CategoryCounts}, which lives only in the tests, is fed,
 * measured for freshness, traced, reconciled and replayed through the HTTP API like the four of the product, with no
 * line of main code naming it. Also: the replay endpoint's 404 and 409.
 */
@QuarkusTest
@TestProfile(FifthReadModelIT.WithCategories.class)
class FifthReadModelIT {

    /** Builds the application with the test-only model in it. */
    public static final class WithCategories implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("seamline.test.categories", "on");
        }
    }

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Inject
    CategoryCounts categories;
    @Inject
    SeamContracts contracts;

    @Test
    void itIsFed_andItsSeamHasFreshness() {
        String category = "Category " + uniqueSku();
        String product = product(category);

        await().atMost(EVENTUALLY).until(() -> categories.counts().getOrDefault(category, 0L) == 1L);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath freshness = api().get("/api/freshness").then().statusCode(200).extract().jsonPath();
            assertEquals("categories", freshness.getString("find { it.seam == 'categories' }.consumer"));
            assertEquals("OK", freshness.getString("find { it.seam == 'categories' }.status"));
            assertEquals(0, freshness.getInt("find { it.seam == 'categories' }.lagEvents"));
        });
        api().get("/q/health/ready").then().body("checks.find { it.name == 'freshness' }.data['categories.status']",
                org.hamcrest.Matchers.equalTo("OK"));
        ApiFixtures.discontinue(product);
        await().atMost(EVENTUALLY).until(() -> !categories.counts().containsKey(category));
    }

    @Test
    void anEventIsTracedToItsHop() {
        String product = product("Category " + uniqueSku());

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath trace = api().get("/api/trace?aggregateId=" + product + "&sequence=0").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(trace.getList("hops.hop")).containsExactly("eventstore", "kafka", "rowstore",
                    "warehouse.bronze", "warehouse.silver", "warehouse.gold", "search", "vectors", "categories");
            assertEquals("REACHED", trace.getString("hops.find { it.hop == 'categories' }.status"));
            assertEquals("kafka", trace.getString("hops.find { it.hop == 'categories' }.from"));
        });
    }

    @Test
    void driftIsFound_andRepaired() {
        String category = "Category " + uniqueSku();
        String product = product(category);
        await().atMost(EVENTUALLY).until(() -> categories.counts().getOrDefault(category, 0L) == 1L);
        categories.remove(product); // what a lost event would leave

        JsonPath found = command().post("/api/admin/reconcile/categories").then().statusCode(200).extract().jsonPath();
        assertThat(found.getLong("drift")).isPositive();
        assertThat(found.getList("examples.aggregateId")).contains(product);
        JsonPath repaired = command().queryParam("repair", "true").post("/api/admin/reconcile/categories")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, repaired.getLong("driftAfterRepair"));
        assertEquals(1L, categories.counts().get(category));
        // and the gate, which reconciles every model, sees it too
        command().post("/api/admin/gate").then().statusCode(200)
                .body("markdown", org.hamcrest.Matchers.containsString("| categories |"));
    }

    @Test
    void itIsReplayed_withProgress_andTheRebuildEqualsTheLiveModel() {
        String category = "Category " + uniqueSku();
        product(category);
        await().atMost(EVENTUALLY).until(() -> categories.counts().getOrDefault(category, 0L) == 1L);
        Map<String, Long> before = categories.counts();

        JsonPath job = ApiFixtures.replay(CategoryCounts.NAME);

        assertEquals("categories", job.getString("model"));
        assertEquals("DONE", job.getString("phase"));
        assertThat(job.getLong("done")).isPositive().isEqualTo(job.getLong("total"));
        assertThat(job.getDouble("ratePerSecond")).isPositive();
        assertEquals(0.0, job.getDouble("etaSeconds"));
        assertThat(job.getInt("details.products")).isPositive();
        assertThat(categories.counts()).containsAllEntriesOf(before);
        String later = "Category " + uniqueSku(); // fed again after the swap
        product(later);
        await().atMost(EVENTUALLY).until(() -> categories.counts().getOrDefault(later, 0L) == 1L);
    }

    @Test
    void aSecondReplayOfTheSameModel_whileOneRuns_is409_andAnUnknownModelIs404NamingTheKnownOnes() {
        CountDownLatch hold = categories.holdReplays();
        String running;
        try {
            running = command().post("/api/admin/replay/categories").then().statusCode(202).extract().path("id");
            await().atMost(EVENTUALLY).until(() -> "SWAPPING".equals(api().get("/api/admin/replays/" + running)
                    .then().statusCode(200).extract().path("phase")));
            ApiFixtures.assertProblem(command().post("/api/admin/replay/categories"), 409, "replay-running", "model");
            assertThat(command().post("/api/admin/replay/categories").then().extract().<String>path("detail"))
                    .contains("/api/admin/replays/" + running);
        } finally {
            hold.countDown();
        }
        await().atMost(EVENTUALLY).until(() -> "SUCCEEDED".equals(api().get("/api/admin/replays/" + running)
                .then().extract().path("outcome")));

        ApiFixtures.assertProblem(command().post("/api/admin/replay/nosuchmodel"), 404, "not-found", null);
        assertThat(command().post("/api/admin/replay/nosuchmodel").then().extract().<String>path("detail"))
                .contains("rowstore", "warehouse", "search", "vectors", "categories");
        ApiFixtures.assertProblem(api().get("/api/admin/replays/no-such-job"), 404, "not-found", null);
    }

    @Test
    void itsContractIsLoaded_fromItsOwnFile_besideEveryFileOfTheRepository() throws Exception {
        assertThat(contracts.files()).containsAll(SeamContracts.filesIn(REPO))
                .contains("projections/categories/contract.yaml");
        assertThat(contracts.seam("categories")).get().extracting(s -> s.consumer()).isEqualTo("categories");
        assertThat(api().get("/api/freshness").then().extract().jsonPath().getList("seam", String.class))
                .containsAll(List.of("rowstore/product", "search", "vectors", "categories"));
    }

    private static String product(String category) {
        Map<String, Object> body = productBody(uniqueSku(), "9.50", "EUR");
        body.put("category", category);
        return ApiFixtures.createProduct(body);
    }
}
