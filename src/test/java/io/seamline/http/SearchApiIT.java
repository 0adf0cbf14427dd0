package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.discontinue;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/search in each mode, fusion and refusal, against both indexes fed through the command API. */
@QuarkusTest
class SearchApiIT {

    @BeforeEach
    void workOffEarlierBacklog() {
        // the vector index embeds what earlier test classes created first
        ApiFixtures.awaitCaughtUp("search");
        ApiFixtures.awaitCaughtUp("vectors");
    }

    @Test
    void eachModeFindsAProductTheWayItShouldAndHybridShowsBothRanks() {
        Map<String, Object> body = productBody(uniqueSku(), "39.00", "EUR");
        body.put("title", "Quillwort espresso grinder with conical burrs");
        body.put("description", "Grinds coffee beans evenly for espresso, pour-over and French press.");
        String id = createProduct(body);
        long head = logHead();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath answer = search("quillwort grinder", "hybrid", null);
            assertThat(answer.getLong("watermark.bm25.lastGlobalIndex")).isGreaterThanOrEqualTo(head);
            assertThat(answer.getLong("watermark.vector.lastGlobalIndex")).isGreaterThanOrEqualTo(head);
            assertThat(answer.getString("hits[0].productId")).isEqualTo(id);
        });
        JsonPath hybrid = search("quillwort grinder", "hybrid", "rrf");
        assertThat(hybrid.getString("fusion")).isEqualTo("rrf");
        assertThat(hybrid.getString("fusionParameter")).isEqualTo("60");
        assertThat(hybrid.getInt("hits[0].ranks.bm25")).isEqualTo(1);
        assertThat(hybrid.getInt("hits[0].ranks.vector")).isPositive();
        assertThat(hybrid.getString("hits[0].title")).isEqualTo("Quillwort espresso grinder with conical burrs");

        // the keyword index needs the made-up word; the vector index finds the product by meaning alone
        assertThat(ids(search("quillwort", "bm25", null))).first().isEqualTo(id);
        // top 100 (the most an answer holds): other tests leave grinders, kettles and lamps in the shared index, and
        // a graph search over many near ties may rank this one lower in a full run
        String paraphrase = "an appliance that crushes roast for a morning brew";
        assertThat(ids(api().queryParam("q", paraphrase).queryParam("mode", "vector").queryParam("k", "100")
                .get("/api/search").then().statusCode(200).extract().jsonPath())).contains(id);
        assertThat(ids(api().queryParam("q", paraphrase).queryParam("mode", "bm25").queryParam("k", "50")
                .get("/api/search").then().statusCode(200).extract().jsonPath())).doesNotContain(id);

        JsonPath linear = api().queryParam("q", "quillwort grinder").queryParam("mode", "hybrid")
                .queryParam("fusion", "linear").queryParam("explain", "true").get("/api/search")
                .then().statusCode(200).extract().jsonPath();
        assertThat(linear.getString("fusion")).isEqualTo("linear");
        assertThat(linear.getDouble("hits[0].scores.bm25")).isPositive();
        assertThat(linear.getDouble("hits[0].scores.vector")).isPositive();

        discontinue(id);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(ids(search("quillwort grinder", "hybrid", null))).doesNotContain(id);
            assertThat(ids(search("Quillwort espresso grinder with conical burrs", "vector", null))).doesNotContain(id);
        });
    }

    @Test
    void theAdminReplaysRebuildBothIndexesFromTheLogAndTheyStillAnswer() {
        Map<String, Object> body = productBody(uniqueSku(), "12.00", "EUR");
        body.put("title", "Marrowfat bamboo cutting board");
        String id = createProduct(body);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(ids(search("marrowfat board", "hybrid", null)))
                .first().isEqualTo(id));

        JsonPath keyword = ApiFixtures.replay("search");
        assertThat(keyword.getLong("details.documents")).isPositive();
        assertThat(keyword.getLong("done")).isGreaterThanOrEqualTo(keyword.getLong("details.documents"));
        JsonPath vectors = ApiFixtures.replay("vectors");
        assertThat(vectors.getInt("details.searchable")).isPositive();
        assertThat(vectors.getLong("details.reused")).as("texts already embedded are not embedded again").isPositive();

        assertThat(ids(search("marrowfat board", "bm25", null))).first().isEqualTo(id);
        assertThat(ids(search("Marrowfat bamboo cutting board", "vector", null))).first().isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q=|query-required|q",
            "q=%20%20|query-required|q",
            "q=kettle&mode=fuzzy|unknown-mode|mode",
            "q=kettle&mode=hybrid&fusion=max|unknown-fusion|fusion",
            "q=kettle&k=0|out-of-range|k",
            "q=kettle&k=101|out-of-range|k",
            "q=kettle&k=ten|out-of-range|k"})
    void badQueriesAreRefusedAsProblemsNamingTheParameter(String query, String rule, String field) {
        assertProblem(api().urlEncodingEnabled(false).get("/api/search?" + query), 400, rule, field);
    }

    @Test
    void anOverLongQueryIsRefused() {
        assertProblem(api().queryParam("q", "kettle ".repeat(100)).get("/api/search"), 400, "query-too-long", "q");
    }

    @Test
    void aQueryWithLuceneSyntaxIsSearchedAsPlainWords() {
        api().queryParam("q", "kettle (red AND \"steel~ title:*").queryParam("mode", "bm25").get("/api/search")
                .then().statusCode(200);
    }

    private static JsonPath search(String q, String mode, String fusion) {
        var request = api().queryParam("q", q).queryParam("mode", mode);
        if (fusion != null) {
            request = request.queryParam("fusion", fusion);
        }
        return request.get("/api/search").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath answer) {
        return answer.getList("hits.productId", String.class);
    }
}
