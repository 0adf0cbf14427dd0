package io.seamline.demo;

import io.seamline.domain.Money;
import io.seamline.product.api.CreateProductCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The demo catalogue: the 6,764 real products of the ESCI relevance set (Apache-2.0, see NOTICE) as
 * CreateProduct commands. The ASIN is both product id and SKU, so search judgements refer to products
 * directly. About 70% of the products have no price upstream: they get a deterministic one, marked with
 * the attribute {@code price_generated=true}.
 */
public final class DemoCatalogue {

    static final String RESOURCE = "/demo/products.tsv.gz";

    private DemoCatalogue() {
    }

    public static List<CreateProductCommand> commands() {
        try (InputStream raw = DemoCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("demo catalogue " + RESOURCE + " is missing from the build");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<String> header = List.of(in.readLine().split("\t", -1));
            List<CreateProductCommand> commands = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(command(header, line.split("\t", -1)));
            }
            return commands;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CreateProductCommand command(List<String> header, String[] cells) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.length; i++) {
            row.put(header.get(i), cells[i].trim());
        }
        String asin = row.get("product_id");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : List.of("brand", "color", "rating", "rating_count")) {
            if (!row.getOrDefault(key, "").isEmpty()) {
                attributes.put(key, row.get(key));
            }
        }
        String upstream = row.getOrDefault("price", "");
        BigDecimal price = upstream.isEmpty() ? BigDecimal.ZERO
                : new BigDecimal(upstream).setScale(2, java.math.RoundingMode.HALF_UP);
        if (price.signum() <= 0) { // missing (or a zero placeholder) upstream
            price = generatedPrice(asin);
            attributes.put("price_generated", "true");
        }
        String category = row.getOrDefault("category", "");
        return new CreateProductCommand(asin, asin, row.get("title"), row.get("description"),
                category.isEmpty() ? null : category, new Money(price, "USD"), attributes);
    }

    /** A stable price between 4.99 and 199.99 derived from the ASIN, so every run seeds the same catalogue. */
    static BigDecimal generatedPrice(String asin) {
        int cents = Math.floorMod(asin.hashCode(), 19_500) + 499;
        return BigDecimal.valueOf(cents, 2);
    }
}
