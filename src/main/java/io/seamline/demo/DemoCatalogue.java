package io.seamline.demo;

import io.seamline.domain.CategoryPath;
import io.seamline.domain.Money;
import io.seamline.product.api.CreateProductCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The demo catalogue: the 6,764 real products of the ESCI relevance set (Apache-2.0, see NOTICE) as
 * CreateProduct commands. The ASIN is both product id and SKU, so search judgements refer to products
 * directly. Every product has a category: a product without one upstream takes the category of the product
 * whose title is most like its own ({@link CategoryGuess}, attribute {@code category_source=derived}), or
 * {@value CategoryPath#UNCATEGORISED} when no title is close enough ({@code category_source=none}). About 70%
 * of the products have no price upstream: they get a stable one drawn from the real prices of their category
 * ({@link PriceBands}), marked with the attributes {@code price_generated=true} and {@code price_band} (the
 * category whose prices it was drawn from).
 */
public final class DemoCatalogue {

    static final String RESOURCE = "/demo/products.tsv.gz";

    private DemoCatalogue() {
    }

    public static List<CreateProductCommand> commands() {
        List<Map<String, String>> rows = rows();
        CategoryGuess guess = new CategoryGuess(rows);
        List<CreateProductCommand> commands = new ArrayList<>(rows.size());
        List<Map<String, String>> attributesOf = new ArrayList<>(rows.size());
        List<String> categories = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String key : List.of("brand", "color", "rating", "rating_count")) {
                if (!row.getOrDefault(key, "").isEmpty()) {
                    attributes.put(key, row.get(key));
                }
            }
            String category = row.getOrDefault("category", "");
            if (category.isEmpty()) {
                category = guess.categoryOf(row.getOrDefault("title", ""));
                attributes.put("category_source", category.equals(CategoryPath.UNCATEGORISED) ? "none" : "derived");
            }
            categories.add(category);
            attributesOf.add(attributes);
        }
        PriceBands bands = new PriceBands(rows, categories);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Map<String, String> attributes = attributesOf.get(i);
            String asin = row.get("product_id");
            BigDecimal price = upstreamPrice(row.getOrDefault("price", ""));
            if (price == null) {
                PriceBands.Band band = bands.bandOf(categories.get(i));
                price = band.price(asin);
                attributes.put("price_generated", "true");
                attributes.put("price_band", band.name());
            }
            commands.add(new CreateProductCommand(asin, asin, row.get("title"), row.get("description"),
                    categories.get(i), new Money(price, "USD"), attributes));
        }
        return commands;
    }

    /** The upstream price to the cent, or null when it is missing or a zero placeholder. */
    static BigDecimal upstreamPrice(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        BigDecimal price = new BigDecimal(cell).setScale(2, RoundingMode.HALF_UP);
        return price.signum() > 0 ? price : null;
    }

    /** The catalogue's rows, each a map from the header's column names to the trimmed cells. */
    static List<Map<String, String>> rows() {
        try (InputStream raw = DemoCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("demo catalogue " + RESOURCE + " is missing from the build");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<String> header = List.of(in.readLine().split("\t", -1));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < cells.length; i++) {
                    row.put(header.get(i), cells[i].trim());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
