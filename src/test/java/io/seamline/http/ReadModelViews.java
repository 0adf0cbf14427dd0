package io.seamline.http;

import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.json;

/**
 * What each read model shows of one product, read through the HTTP API as a client reads it: the row store's product,
 * the warehouse's silver row, the keyword index's hit and the vector index's score. Tests of the delivery guarantees
 * use it to see every model the same way, whatever its store.
 */
public final class ReadModelViews {

    /** The four read models, by the consumer names the faults, freshness and reconciliation use. */
    public static final List<String> MODELS = List.of("rowstore", "search", "vectors", "warehouse");

    /** A product as a model shows it: its title, and the sequence of the last event it applied when it says. */
    public record Shown(String title, Long sequence) {
    }

    private ReadModelViews() {
    }

    /** The product as GET /api/products shows it (the row store), or null before it has it. */
    public static Shown rowStore(String productId) {
        var response = api().get("/api/products/" + productId);
        if (response.statusCode() == 404) {
            return null;
        }
        JsonPath product = response.then().statusCode(200).extract().jsonPath();
        return new Shown(product.getString("title"), product.getLong("aggregateVersion"));
    }

    /** The product's row in the warehouse's silver.products, through the SQL endpoint, or null before it has it. */
    public static Shown silver(String productId) {
        JsonPath answer = json(Map.of("sql", "select title, sequence from silver_products where product_id = '"
                + productId.replace("'", "''") + "'")).post("/api/warehouse/sql").then().statusCode(200).extract()
                .jsonPath();
        List<List<Object>> rows = answer.getList("rows");
        if (rows.isEmpty()) {
            return null;
        }
        return new Shown((String) rows.getFirst().get(0), ((Number) rows.getFirst().get(1)).longValue());
    }

    /**
     * The product as the keyword index holds it, found by {@code query} in BM25 mode (the title it indexed; the index
     * does not say its sequence), or null when the query does not find it.
     */
    public static Shown keyword(String productId, String query) {
        JsonPath answer = search(query, "bm25", 100);
        String title = answer.getString("hits.find { it.productId == '" + productId + "' }.title");
        return title == null ? null : new Shown(title, null);
    }

    /**
     * The vector index's score for the product when searched by {@code text} (1 for the text it embedded), or null
     * when it is not among the ten nearest.
     */
    public static Double vectorScore(String productId, String text) {
        Number score = search(text, "vector", 10).get("hits.find { it.productId == '" + productId + "' }.score");
        return score == null ? null : score.doubleValue();
    }

    /** An answer of GET /api/search. */
    public static JsonPath search(String query, String mode, int k) {
        return api().queryParam("q", query).queryParam("mode", mode).queryParam("k", k).get("/api/search")
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * How many events {@code consumer}'s sequence guard has skipped, from the Prometheus scrape at /q/metrics
     * ({@code seamline_consumer_skipped_events_total}); 0 before its first skip, when the counter is registered.
     */
    public static double skippedEvents(String consumer) {
        String scrape = api().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher sample = Pattern.compile("^seamline_consumer_skipped_events_total\\{[^}]*consumer=\""
                + Pattern.quote(consumer) + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
