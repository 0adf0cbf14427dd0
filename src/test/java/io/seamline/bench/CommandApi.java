package io.seamline.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.demo.DemoCatalogue;
import io.seamline.product.api.CreateProductCommand;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The running service's HTTP command API, with request bodies made from the demo catalogue. */
final class CommandApi {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"aggregateVersion\"\\s*:\\s*(\\d+)");

    private final Supplier<ServiceProcess> service;
    private final List<String> productBodies = catalogueBodies();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code service}: the one running when a request is made. */
    CommandApi(Supplier<ServiceProcess> service) {
        this.service = service;
    }

    /** The catalogue's products as CreateProduct bodies without a SKU. */
    private static List<String> catalogueBodies() {
        ObjectMapper json = new ObjectMapper();
        List<String> bodies = new ArrayList<>();
        for (CreateProductCommand c : DemoCatalogue.commands()) {
            try {
                bodies.add(json.writeValueAsString(CatalogueBodies.of(c)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return bodies;
    }

    /** CreateProduct of a real catalogue product (title, description, category, price, attributes), fresh SKU. */
    HttpRequest createProduct(String sku, long n) {
        String rest = productBodies.get((int) Math.floorMod(n, (long) productBodies.size()));
        return post("/api/products", "{\"sku\":\"" + sku + "\"," + rest.substring(1));
    }

    /** UpdateProduct: a new price. */
    HttpRequest updatePrice(String productId, String amount) {
        return request("/api/products/" + productId).method("PATCH", HttpRequest.BodyPublishers.ofString(
                "{\"price\":{\"amount\":" + amount + ",\"currency\":\"USD\"}}")).build();
    }

    /** PlaceOrder of one to three random lines over {@code products}. */
    HttpRequest placeOrder(List<String> products) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder("{\"customerId\":\"cust-").append(rnd.nextInt(100_000))
                .append("\",\"lines\":[");
        int lines = 1 + rnd.nextInt(3);
        for (int i = 0; i < lines; i++) {
            b.append(i == 0 ? "" : ",").append("{\"productId\":\"").append(products.get(rnd.nextInt(products.size())))
                    .append("\",\"quantity\":").append(1 + rnd.nextInt(3)).append('}');
        }
        return post("/api/orders", b.append("]}").toString());
    }

    private HttpRequest post(String path, String body) {
        return request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder request(String path) {
        return service.get().request(path).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The id in a command's answer, null when there is none. */
    static String id(String body) {
        return match(ID, body);
    }

    /** The aggregate version in a command's answer. */
    static long version(String body) {
        return Long.parseLong(match(VERSION, body));
    }

    private static String match(Pattern p, String body) {
        Matcher m = p.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }
}
