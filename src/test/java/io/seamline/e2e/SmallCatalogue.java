package io.seamline.e2e;

import io.seamline.bench.CatalogueBodies;
import io.seamline.demo.DemoCatalogue;
import io.seamline.product.api.CreateProductCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The short mode's data: the first n products of the demo catalogue created through the API, each sold once, for a
 * machine too busy to embed all 6,764 in minutes. What the demo needs of a seeded instance is a product with sales.
 */
final class SmallCatalogue {

    private SmallCatalogue() {
    }

    static void seed(DemoApi api, int n) {
        List<String> ids = new ArrayList<>();
        for (CreateProductCommand c : DemoCatalogue.commands().subList(0, n)) {
            Map<String, Object> body = CatalogueBodies.of(c);
            body.put("sku", c.sku());
            ids.add(api.call("POST", "/api/products", body).path("id").asText());
        }
        for (String id : ids) {
            // an order takes its price from the row store, which may trail the create by a moment
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.send("GET", "/api/products/" + DemoApi.encode(id), null).status() == 200);
            api.call("POST", "/api/orders", Map.of("customerId", "demo-small",
                    "lines", List.of(Map.of("productId", id, "quantity", 1))));
        }
    }
}
