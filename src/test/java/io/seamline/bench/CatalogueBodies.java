package io.seamline.bench;

import io.seamline.product.api.CreateProductCommand;

import java.util.LinkedHashMap;
import java.util.Map;

/** A demo catalogue product as the REST create body (title, description, category, price, attributes; no SKU). */
public final class CatalogueBodies {

    private CatalogueBodies() {
    }

    public static Map<String, Object> of(CreateProductCommand c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", c.title());
        if (c.description() != null && !c.description().isBlank()) {
            body.put("description", c.description());
        }
        if (c.category() != null) {
            body.put("category", c.category());
        }
        body.put("price", Map.of("amount", c.price().amount(), "currency", c.price().currency()));
        body.put("attributes", c.attributes());
        return body;
    }
}
