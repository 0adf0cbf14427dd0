package io.seamline.seamcheck;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small catalogue written through the command API, touching every event type: products created, some updated,
 * some discontinued, and orders of the live ones. Enough for every read model to hold each kind of key, small
 * enough to flow through in seconds.
 */
public final class CanaryLoad {

    /** What was written: the products (live and discontinued) and the orders, by id. */
    public record Written(List<String> live, List<String> discontinued, List<String> orders, Map<String, String> titles) {
        public int commands() {
            return live.size() + 2 * discontinued.size() + orders.size();
        }
    }

    private static final String[][] PRODUCTS = {
            {"Stainless steel kettle", "1.7 litre kettle with a limescale filter", "Home & Kitchen > Kettles"},
            {"Burr coffee grinder", "Conical ceramic burrs with forty grind settings", "Home & Kitchen > Coffee"},
            {"Waterproof two-person tent", "Double-walled dome shelter with sealed seams", "Outdoors > Camping"},
            {"Polarised sunglasses", "UV400 lenses in a lightweight frame", "Fashion > Accessories"},
            {"Cordless hammer drill", "Two batteries and a masonry bit set", "Tools > Power tools"},
            {"Merino wool scarf", "Knitted, two metres long, machine washable", "Fashion > Scarves"},
            {"Cast iron casserole", "Enamelled lidded pot for slow braising", "Home & Kitchen > Cookware"},
            {"Noise cancelling headphones", "Over-ear, thirty hours of battery", "Electronics > Audio"},
            {"Electric toothbrush", "Sonic brush head with a two-minute timer", "Health > Dental care"},
            {"Trail running shoes", "Grippy lugged sole and a rock plate", "Sports > Running"},
    };

    private CanaryLoad() {
    }

    /** Writes {@code rounds} × 10 products (one in five then discontinued, one in three updated) and an order per live one. */
    public static Written write(LivePlatform platform, int rounds) {
        List<String> live = new ArrayList<>();
        List<String> discontinued = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < PRODUCTS.length; i++) {
                String title = PRODUCTS[i][0] + " " + run + "-" + round;
                String id = createProduct(platform, "CANARY-" + run + "-" + round + "-" + i, title, PRODUCTS[i][1],
                        PRODUCTS[i][2], "%d.90".formatted(10 + 7 * i));
                titles.put(id, title);
                if (i % 3 == 0) {
                    update(platform, id, Map.of("description", PRODUCTS[i][1] + ", now with a two-year warranty"));
                }
                if (i % 5 == 4) {
                    platform.delete("/api/products/" + id);
                    discontinued.add(id);
                } else {
                    live.add(id);
                }
            }
        }
        for (String product : live) {
            orders.add(placeOrder(platform, product));
        }
        return new Written(live, discontinued, orders, titles);
    }

    public static String createProduct(LivePlatform platform, String sku, String title, String description,
                                       String category, String amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("title", title);
        body.put("description", description);
        body.put("category", category);
        body.put("price", Map.of("amount", amount, "currency", "EUR"));
        body.put("attributes", Map.of("brand", "Canary"));
        return id(platform.postOk("/api/products", body));
    }

    public static void update(LivePlatform platform, String id, Map<String, Object> change) {
        LivePlatform.Answer answer = platform.patch("/api/products/" + id, change);
        if (!answer.ok()) {
            throw new IllegalStateException("PATCH " + id + " answered " + answer.status() + ": " + answer.body());
        }
    }

    public static String placeOrder(LivePlatform platform, String productId) {
        Map<String, Object> line = Map.of("productId", productId, "quantity", 2);
        // the order is priced from the row store, which may not have the product yet: retry briefly
        for (int attempt = 0; ; attempt++) {
            LivePlatform.Answer answer = platform.post("/api/orders",
                    Map.of("customerId", "canary-customer", "lines", List.of(line)));
            if (answer.ok()) {
                return id(answer.body());
            }
            if (attempt == 50) {
                throw new IllegalStateException("order of " + productId + " refused: " + answer.body());
            }
            sleep(100);
        }
    }

    private static String id(JsonNode accepted) {
        return accepted.path("id").asText();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
