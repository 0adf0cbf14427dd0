package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Search as a shopper uses it, against the real indexes and model: filters applied inside each index (k in-filter
 * hits where the unfiltered top k are all outside), hits with price, rating and category, facets over every
 * candidate, pages that do not overlap, a settable fusion parameter, refusal of unknown parameters, and the weak
 * best-hit verdict.
 */
@QuarkusTest
class ShopSearchIT {

    @BeforeEach
    void workOffEarlierBacklog() {
        ApiFixtures.awaitCaughtUp("search");
        ApiFixtures.awaitCaughtUp("vectors");
    }

    /** A small shop of its own: a made-up word, two top-level categories no other test uses. */
    private record Shop(String word, String kitchen, String garden, List<String> kettles, List<String> tools) {
    }

    /**
     * Five kettles with the word three times in the title (the strongest BM25 and, for a kettle query, the nearest
     * vectors) in the kitchen at 30 EUR rated 4.5, and three garden tools with the word once deep in a description,
     * at 10, 15 and 20 EUR, unrated.
     */
    private static Shop shop() {
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String kitchen = "Kitchen " + word;
        String garden = "Garden " + word;
        List<String> kettles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = productBody(uniqueSku(), "30.00", "EUR");
            body.put("title", word + " electric kettle " + word + " for tea " + word);
            body.put("description", "Boils water for tea in minutes");
            body.put("category", kitchen + " > Kettles");
            body.put("attributes", Map.of("rating", "4.5"));
            kettles.add(createProduct(body));
        }
        List<String> tools = new ArrayList<>();
        String[] titles = {"Leaf rake with steel tines", "Pruning shears for roses", "Wheelbarrow for soil"};
        for (int i = 0; i < titles.length; i++) {
            Map<String, Object> body = productBody(uniqueSku(), (10 + 5 * i) + ".00", "EUR");
            body.put("title", titles[i]);
            body.put("description", "Sturdy tool for the garden and the allotment, lasts for many seasons of "
                    + "digging, weeding and clearing, sold by " + word + " traders");
            body.put("category", garden + " > Tools");
            body.put("attributes", Map.of());
            tools.add(createProduct(body));
        }
        Shop shop = new Shop(word, kitchen, garden, kettles, tools);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(search(Map.of("q", word, "mode", "bm25", "k", "20")).getList("hits")).hasSize(8);
            assertThat(search(Map.of("q", word, "mode", "vector", "category", kitchen)).getList("hits")).hasSize(5);
            assertThat(search(Map.of("q", word, "mode", "vector", "category", garden)).getList("hits")).hasSize(3);
        });
        return shop;
    }

    @Test
    void aCategoryFilterReturnsKInFilterHits_inEveryMode_whereTheUnfilteredTopKAreAllOutside() {
        Shop shop = shop();
        String query = shop.word() + " electric kettle for tea";
        for (String mode : List.of("bm25", "vector", "hybrid")) {
            List<String> unfiltered = ids(search(Map.of("q", query, "mode", mode, "k", "3")));
            assertThat(unfiltered).as(mode + " unfiltered").hasSize(3).doesNotContainAnyElementsOf(shop.tools());

            JsonPath filtered = search(Map.of("q", query, "mode", mode, "k", "3", "category", shop.garden()));

            assertThat(ids(filtered)).as(mode + " filtered").containsExactlyInAnyOrderElementsOf(shop.tools());
            assertThat(filtered.getList("hits.category", String.class)).allMatch(c -> c.startsWith(shop.garden()));
        }
    }

    @Test
    void aPriceRangeInItsCurrency_narrowsEveryMode() {
        Shop shop = shop();
        for (String mode : List.of("bm25", "vector", "hybrid")) {
            JsonPath cheap = search(Map.of("q", shop.word() + " kettle", "mode", mode, "k", "5",
                    "category", shop.garden(), "minPrice", "12", "maxPrice", "20.00", "currency", "eur"));
            assertThat(ids(cheap)).as(mode).containsExactlyInAnyOrder(shop.tools().get(1), shop.tools().get(2));
            assertThat(search(Map.of("q", shop.word(), "mode", mode, "category", shop.garden(), "currency", "USD"))
                    .getList("hits")).as(mode + " in another currency").isEmpty();
        }
    }

    @Test
    void hitsCarryPriceRatingAndCategoryPath_andFacetsCountEveryCandidateNotJustThePage() {
        Shop shop = shop();
        JsonPath answer = search(Map.of("q", shop.word(), "mode", "bm25", "k", "1"));

        assertThat(answer.getList("hits")).hasSize(1);
        assertThat(answer.getString("hits[0].productId")).isIn(shop.kettles());
        assertThat(answer.getString("hits[0].category")).isEqualTo(shop.kitchen() + " > Kettles");
        assertThat(answer.getDouble("hits[0].price.amount")).isEqualTo(30.0);
        assertThat(answer.getString("hits[0].price.currency")).isEqualTo("EUR");
        assertThat(answer.getDouble("hits[0].rating")).isEqualTo(4.5);
        assertThat(answer.getInt("total")).isEqualTo(8);
        assertThat(facet(answer, shop.kitchen())).isEqualTo(5);
        assertThat(facet(answer, shop.garden())).isEqualTo(3);
        List<Map<String, Object>> bands = answer.getList("facets.prices");
        assertThat(bands).extracting(b -> b.get("currency") + " " + plain(b.get("from")) + "-" + plain(b.get("to"))
                + ": " + plain(b.get("count"))).containsExactly("EUR 10-25: 3", "EUR 25-50: 5");

        JsonPath tool = search(Map.of("q", shop.word(), "mode", "bm25", "category", shop.garden()));
        assertThat(tool.getList("hits.rating")).containsOnlyNulls();
    }

    @Test
    void offsetPagesDoNotOverlap_andAreBounded() {
        Shop shop = shop();
        for (String mode : List.of("bm25", "hybrid")) {
            List<String> all = ids(search(Map.of("q", shop.word(), "mode", mode, "k", "6")));
            List<String> first = ids(search(Map.of("q", shop.word(), "mode", mode, "k", "3")));
            List<String> second = ids(search(Map.of("q", shop.word(), "mode", mode, "k", "3", "offset", "3")));
            assertThat(first).as(mode).hasSize(3).doesNotContainAnyElementsOf(second);
            List<String> both = new ArrayList<>(first);
            both.addAll(second);
            assertThat(both).as(mode).isEqualTo(all);
        }
        assertThat(search(Map.of("q", shop.word(), "mode", "bm25", "k", "100", "offset", "100")).getInt("offset"))
                .isEqualTo(100);
        assertProblem(request(Map.of("q", shop.word(), "k", "100", "offset", "101")).get("/api/search"), 400,
                "out-of-range", "offset");
    }

    @Test
    void theFusionParameterIsSettable_andChangesTheRanking() {
        Shop shop = shop();
        String query = "boil water for a cup of tea " + shop.word();
        JsonPath keywordsOnly = search(Map.of("q", query, "fusion", "linear", "fusionParameter", "1", "k", "20",
                "explain", "true"));
        JsonPath meaningOnly = search(Map.of("q", query, "fusion", "linear", "fusionParameter", "0", "k", "20",
                "explain", "true"));

        assertThat(keywordsOnly.getDouble("fusionParameter")).isEqualTo(1.0);
        assertThat(meaningOnly.getDouble("fusionParameter")).isEqualTo(0.0);
        // weight 1 puts BM25's best first, weight 0 the vectors' best (by score: equal texts tie)
        assertThat(keywordsOnly.getDouble("hits[0].scores.bm25")).isCloseTo(
                search(Map.of("q", query, "mode", "bm25", "k", "1")).getDouble("hits[0].score"), within(1e-6));
        assertThat(meaningOnly.getDouble("hits[0].scores.vector")).isCloseTo(
                search(Map.of("q", query, "mode", "vector", "k", "1")).getDouble("hits[0].score"), within(1e-6));
        assertThat(ids(keywordsOnly)).isNotEqualTo(ids(meaningOnly));
        assertThat(search(Map.of("q", query, "fusion", "rrf", "fusionParameter", "1000")).getInt("fusionParameter"))
                .isEqualTo(1000);
    }

    @Test
    void theBestHitIsFlaggedWeakForNonsense_andNotForAProductsOwnTitle() {
        Shop shop = shop();
        JsonPath nonsense = search(Map.of("q", "snerp glorbo trinkle"));
        assertThat(nonsense.getBoolean("bestHitWeak")).isTrue();
        assertThat(nonsense.getDouble("weakMatch.bestSimilarity"))
                .isLessThan(nonsense.getDouble("weakMatch.threshold"));
        assertThat(nonsense.getString("weakMatch.rule")).contains("similarity");

        for (String mode : List.of("bm25", "vector", "hybrid")) {
            JsonPath good = search(Map.of("q", "Pruning shears for roses", "mode", mode, "category", shop.garden()));
            assertThat(good.getBoolean("bestHitWeak")).as(mode).isFalse();
        }
        JsonPath none = search(Map.of("q", shop.word(), "mode", "bm25", "category", shop.garden(),
                "currency", "JPY"));
        assertThat(none.getBoolean("bestHitWeak")).as("no hit at all").isTrue();
    }

    @Test
    void graphqlSearchTakesTheSameArguments() {
        Shop shop = shop();
        String document = "{ search(q: \"" + shop.word() + " kettle\", mode: \"hybrid\", k: 2, offset: 1, "
                + "category: \"" + shop.garden() + "\", fusion: \"rrf\", fusionParameter: 10) { total offset "
                + "fusionParameter bestHitWeak hits { productId category rating price { amount currency } } "
                + "facets { categories { category count } prices { currency from to count } } } }";
        JsonPath answer = api().contentType(ContentType.JSON).body(Map.of("query", document)).post("/graphql")
                .then().statusCode(200).extract().jsonPath();

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getInt("data.search.total")).isEqualTo(3);
        assertThat(answer.getDouble("data.search.fusionParameter")).isEqualTo(10.0);
        assertThat(answer.getList("data.search.hits.productId", String.class)).hasSize(2)
                .isSubsetOf(shop.tools());
        assertThat(answer.getString("data.search.hits[0].price.currency")).isEqualTo("EUR");
        assertThat(answer.getInt("data.search.facets.categories[0].count")).isEqualTo(3);

        JsonPath refused = api().contentType(ContentType.JSON).body(Map.of("query",
                "{ search(q: \"kettle\", k: 100, offset: 150) { total } }")).post("/graphql").then().extract()
                .jsonPath();
        assertThat(refused.getString("errors[0].extensions.rule")).isEqualTo("out-of-range");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q=kettle&colour=red|unknown-parameter|colour",
            "q=kettle&K=5|unknown-parameter|K",
            "q=kettle&offset=-1|out-of-range|offset",
            "q=kettle&offset=195&k=10|out-of-range|offset",
            "q=kettle&fusion=linear&fusionParameter=1.5|out-of-range|fusionParameter",
            "q=kettle&fusion=rrf&fusionParameter=0|out-of-range|fusionParameter",
            "q=kettle&fusion=rrf&fusionParameter=0.5|out-of-range|fusionParameter",
            "q=kettle&mode=bm25&fusionParameter=0.5|fusion-parameter-needs-hybrid|fusionParameter",
            "q=kettle&minPrice=10|currency-required|currency",
            "q=kettle&minPrice=20&maxPrice=10&currency=EUR|price-range-inverted|minPrice",
            "q=kettle&maxPrice=ten&currency=EUR|out-of-range|maxPrice",
            "q=kettle&currency=EURO|currency-invalid|currency",
            "q=kettle&category=%20%3E%20|category-empty|category"})
    void badParametersAreRefusedAsProblemsNamingThem(String query, String rule, String field) {
        assertProblem(api().urlEncodingEnabled(false).get("/api/search?" + query), 400, rule, field);
    }

    private static int facet(JsonPath answer, String category) {
        List<Map<String, Object>> categories = answer.getList("facets.categories");
        return categories.stream().filter(c -> category.equals(c.get("category")))
                .mapToInt(c -> ((Number) c.get("count")).intValue()).sum();
    }

    private static RequestSpecification request(Map<String, String> parameters) {
        RequestSpecification request = api();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            request = request.queryParam(p.getKey(), p.getValue());
        }
        return request;
    }

    private static JsonPath search(Map<String, String> parameters) {
        return request(parameters).get("/api/search").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath answer) {
        return answer.getList("hits.productId", String.class);
    }

    /** A JSON number as written without trailing zeros, however the JSON reader typed it. */
    private static String plain(Object number) {
        return number == null ? "null" : new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
}
