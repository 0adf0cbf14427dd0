package io.seamline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The demo catalogue's texts for the vector tuning: one text per product ({@code title + ". " + description}), and
 * short chunks (sentences, cut again at clause marks) of every title and description, de-duplicated in catalogue
 * order, for a set of real vectors larger than the catalogue.
 */
final class CatalogueTexts {

    static final String RESOURCE = "/demo/products.tsv.gz";
    /** Chunks shorter than this are mostly fragments ("Size: M") that embed to near-duplicates. */
    static final int MIN_CHUNK_CHARS = 12;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    /** Clause marks inside a sentence: the catalogue's descriptions are long run-on feature lists. */
    private static final Pattern CLAUSE_MARK = Pattern.compile("\\s*(?:[;:•|]|,\\s|\\s-\\s|\\s–\\s)\\s*");

    /** Title and description of one product. */
    record Product(String id, String title, String description) {
        String text() {
            return description.isBlank() ? title : title + ". " + description;
        }
    }

    private CatalogueTexts() {
    }

    static List<Product> products() {
        try (InputStream raw = CatalogueTexts.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("demo catalogue " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<String> header = List.of(in.readLine().split("\t", -1));
            int id = header.indexOf("product_id");
            int title = header.indexOf("title");
            int description = header.indexOf("description");
            List<Product> products = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t", -1);
                products.add(new Product(cells[id].trim(), cells[title].trim(),
                        description < cells.length ? cells[description].trim() : ""));
            }
            return products;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code limit} distinct chunks (case-insensitive) of the titles and descriptions, in catalogue order. */
    static List<String> chunks(List<Product> products, int limit) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> chunks = new ArrayList<>();
        for (Product p : products) {
            for (String field : List.of(p.title(), p.description())) {
                for (String sentence : SENTENCE_END.split(field)) {
                    for (String clause : CLAUSE_MARK.split(sentence)) {
                        String chunk = clause.strip();
                        if (chunk.length() >= MIN_CHUNK_CHARS && seen.add(chunk.toLowerCase(Locale.ROOT))) {
                            chunks.add(chunk);
                            if (chunks.size() == limit) {
                                return chunks;
                            }
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("the catalogue has only " + chunks.size() + " distinct chunks of at least "
                + MIN_CHUNK_CHARS + " characters, " + limit + " were asked for");
    }
}
