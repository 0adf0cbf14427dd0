package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hybrid search earns its place at the API: a product only the vector index can find (it says what the query means in
 * other words) reaches the default hybrid top k although every BM25 hit is a decoy that merely shares the query's
 * words; a hybrid that ignored the vectors (BM25 weight 1.0) would rank the decoys above it. And the fusion chosen
 * changes the order.
 */
@QuarkusTest
class HybridSearchIT {

    @BeforeEach
    void workOffEarlierBacklog() {
        // the vector index embeds what earlier test classes created first
        ApiFixtures.awaitCaughtUp("search");
        ApiFixtures.awaitCaughtUp("vectors");
    }

    private static final String QUERY = "wireless mouse for my laptop";

    /** A product as the test creates it. */
    private record Listing(String title, String description, String category) {
    }

    /** Shares no word with the query, nor in its category or brand; means what the query asks for. */
    private static final Listing PARAPHRASE = new Listing("Bluetooth pointing device for notebook computers",
            "Ergonomic optical tracker that glides on any desk and pairs with a small USB receiver",
            "Electronics > Computer Accessories");
    /** The strongest BM25 hit: every query word, in its title. */
    private static final Listing STRONG_DECOY = new Listing("Mouse trap with wireless laptop alarm",
            "Alerts your phone when a mouse is caught in the attic", "Home > Pest Control");
    /**
     * Weaker BM25 hits, each with one query word in its description only, each description longer than the one
     * before (so their scores differ): more decoys with a positive BM25 score than the top k holds, none about
     * computers.
     */
    private static final List<Listing> DECOYS = List.of(
            new Listing("Field vole plush toy", "A soft grey mouse", "Toys > Plush"),
            new Listing("Catnip felt toy", "Shaped like a mouse with a long tail", "Pets > Cats"),
            new Listing("Ceramic garden figurine", "A little mouse nibbling a wedge of cheese, hand painted",
                    "Garden > Ornaments"),
            new Listing("Carnival costume", "Big round mouse ears and a velvet tail for children at fancy dress"
                    + " parties", "Clothing > Costumes"),
            new Listing("Cottage doorbell", "Wireless chime with a waterproof push button and a range of three"
                    + " hundred metres through brick walls", "Home > Doorbells"),
            new Listing("Barbecue thermometer", "Wireless probe that reports the temperature of the roast to a"
                    + " display by the grill while the meat rests under foil", "Garden > Barbecue"),
            new Listing("Weather station", "Wireless outdoor sensor for rain, wind and frost with an indoor display"
                    + " that keeps a week of readings and warns of storms before they arrive", "Garden > Weather"),
            new Listing("Humane trap", "Catch and release cage that takes a mouse alive so it can be set free in a"
                    + " field far from the house, with a bait compartment and a spring door that closes gently",
                    "Home > Pest Control"),
            new Listing("Baby monitor", "Wireless audio unit with a night light, lullabies and a parent unit that"
                    + " vibrates when the nursery gets noisy, running for a day on one charge and clipping to a belt"
                    + " or a pocket", "Baby > Safety"),
            new Listing("Picnic hamper", "Wicker basket with plates, cutlery and a cooler; the lid doubles as a"
                    + " tray, and a drawing of a mouse on the lining keeps children amused while the kettle boils on"
                    + " the stove in the meadow", "Garden > Picnic"),
            new Listing("Cheese board", "Oak board with a slate insert, three knives and a wireless scale that"
                    + " weighs each slice for the recipe you follow, with cheese notes for forty varieties from soft"
                    + " goat to aged cheddar and a leather strap for hanging it on the kitchen wall",
                    "Kitchen > Serving"));

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void discontinueWhatWasCreated() {
        created.forEach(ApiFixtures::discontinue); // later tests see the indexes they saw before
        created.clear();
    }

    @Test
    void aProductOnlyTheVectorIndexFinds_isInTheDefaultHybridTopK_andTheFusionChangesTheOrder() {
        String paraphrase = create(PARAPHRASE);
        String strong = create(STRONG_DECOY);
        List<String> decoys = new ArrayList<>(List.of(strong));
        DECOYS.forEach(d -> decoys.add(create(d)));
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(ids(search("bm25", null, 100))).as("BM25 answer").containsAll(decoys).doesNotContain(paraphrase);
            assertThat(ids(search("vector", null, 10))).as("vector answer").contains(paraphrase);
        });

        JsonPath hybrid = search(null, null, null); // the defaults: mode hybrid, the configured fusion, k 10
        int k = hybrid.getInt("k");
        assertThat(ids(hybrid)).as("default hybrid top %d: %s", k, hybrid.prettify()).hasSize(k).contains(paraphrase);
        assertThat(hybrid.getString("hits.find { it.productId == '" + paraphrase + "' }.ranks.bm25")).isNull();

        JsonPath linear = search("hybrid", "linear", k);
        JsonPath rrf = search("hybrid", "rrf", k);
        assertThat(linear.getDouble("fusionParameter")).as("linear's BM25 weight").isLessThan(1.0);
        assertThat(rrf.getInt("fusionParameter")).as("RRF's constant").isPositive();
        assertThat(ids(rrf)).as("RRF's order against linear's %s; RRF: %s", ids(linear), rrf.prettify())
                .isNotEqualTo(ids(linear));
    }

    private String create(Listing listing) {
        Map<String, Object> body = productBody(uniqueSku(), "19.00", "EUR");
        body.put("title", listing.title());
        body.put("description", listing.description());
        body.put("category", listing.category());
        body.put("attributes", new LinkedHashMap<>(Map.of("brand", "Ostrel")));
        String id = createProduct(body);
        created.add(id);
        return id;
    }

    private static JsonPath search(String mode, String fusion, Integer k) {
        var request = api().queryParam("q", QUERY).queryParam("explain", "true");
        if (mode != null) {
            request = request.queryParam("mode", mode);
        }
        if (fusion != null) {
            request = request.queryParam("fusion", fusion);
        }
        if (k != null) {
            request = request.queryParam("k", k);
        }
        return request.get("/api/search").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath answer) {
        return answer.getList("hits.productId", String.class);
    }
}
