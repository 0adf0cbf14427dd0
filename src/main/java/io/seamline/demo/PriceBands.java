package io.seamline.demo;

import io.seamline.domain.CategoryPath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The real prices of the catalogue grouped by category, so a product without a price gets one that fits what it
 * is: drawn between the lower and upper quartile of its second-level category (e.g. "Home &amp; Kitchen &gt;
 * Furniture"), or of its top-level category, or of the whole catalogue, whichever is the narrowest with at least
 * {@value #MIN_PRICES} real prices. The draw is seeded by the ASIN, so every run prices the catalogue alike.
 */
final class PriceBands {

    static final int MIN_PRICES = 15;
    static final String WHOLE_CATALOGUE = "*";
    private static final long SEED = 20261123L;

    private final Map<String, List<BigDecimal>> prices = new HashMap<>();

    PriceBands(List<Map<String, String>> rows, List<String> categories) {
        for (int i = 0; i < rows.size(); i++) {
            BigDecimal price = DemoCatalogue.upstreamPrice(rows.get(i).getOrDefault("price", ""));
            if (price == null) {
                continue;
            }
            for (String band : candidates(categories.get(i))) {
                prices.computeIfAbsent(band, k -> new ArrayList<>()).add(price);
            }
        }
    }

    /** The narrowest band of the category with enough real prices. */
    Band bandOf(String category) {
        for (String name : candidates(category)) {
            List<BigDecimal> known = prices.getOrDefault(name, List.of());
            if (known.size() >= MIN_PRICES || name.equals(WHOLE_CATALOGUE)) {
                double[] sorted = known.stream().mapToDouble(BigDecimal::doubleValue).sorted().toArray();
                return new Band(name, sorted);
            }
        }
        throw new IllegalStateException("the whole catalogue is always a candidate");
    }

    /** Second-level path, top level, whole catalogue; {@value CategoryPath#UNCATEGORISED} has only the last. */
    private static List<String> candidates(String category) {
        if (category == null || category.isEmpty() || category.equals(CategoryPath.UNCATEGORISED)) {
            return List.of(WHOLE_CATALOGUE);
        }
        String[] path = category.split(" > ");
        List<String> names = new ArrayList<>();
        if (path.length >= 2) {
            names.add(path[0] + " > " + path[1]);
        }
        names.add(path[0]);
        names.add(WHOLE_CATALOGUE);
        return names;
    }

    /** One category's real prices, sorted ascending. */
    record Band(String name, double[] sorted) {

        double quantile(double q) {
            double position = q * (sorted.length - 1);
            int low = (int) Math.floor(position);
            int high = Math.min(low + 1, sorted.length - 1);
            return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }

        /** A shop-like price (whole dollars less a cent) between the band's quartiles, stable for the ASIN. */
        BigDecimal price(String asin) {
            double q = quantile(0.25 + 0.5 * new SplittableRandom(SEED ^ asin.hashCode()).nextDouble());
            return BigDecimal.valueOf(Math.max(0, (long) Math.floor(q)) * 100 + 99, 2);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Band b && b.name.equals(name) && Arrays.equals(b.sorted, sorted);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return name + " (" + sorted.length + " prices)";
        }
    }
}
