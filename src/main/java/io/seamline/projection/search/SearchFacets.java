package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.domain.CategoryPath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts over an answer's candidate set (every ranked product, not only the page): by top-level category
 * ({@code A > B > C} counts as {@code A}; null for products without one) and by price band per currency, bands
 * fixed at {@link #BAND_BOUNDS} (a band includes its lower bound: 10.00 is in 10–25).
 */
public record SearchFacets(List<CategoryCount> categories, List<PriceBandCount> prices) {

    /** The lower bounds of the price bands; the last band is open-ended. */
    public static final List<BigDecimal> BAND_BOUNDS = List.of(BigDecimal.ZERO, BigDecimal.valueOf(10),
            BigDecimal.valueOf(25), BigDecimal.valueOf(50), BigDecimal.valueOf(100), BigDecimal.valueOf(250));

    /** How many candidates are in a top-level category. */
    public record CategoryCount(String category, int count) {
    }

    /** How many candidates priced in {@code currency} cost from {@code from} (inclusive) to {@code to} (exclusive, null: no bound). */
    public record PriceBandCount(String currency, BigDecimal from, BigDecimal to, int count) {
    }

    static SearchFacets of(List<HybridSearch.Hit> candidates) {
        Map<String, Integer> categories = new LinkedHashMap<>();
        Map<String, int[]> bands = new TreeMap<>();
        for (HybridSearch.Hit hit : candidates) {
            categories.merge(CategoryPath.top(hit.category()), 1, Integer::sum);
            Money price = hit.price();
            if (price != null) {
                bands.computeIfAbsent(price.currency(), c -> new int[BAND_BOUNDS.size()])[band(price.amount())]++;
            }
        }
        List<CategoryCount> byCategory = new ArrayList<>();
        categories.forEach((category, count) -> byCategory.add(new CategoryCount(category, count)));
        byCategory.sort(Comparator.comparingInt(CategoryCount::count).reversed()
                .thenComparing(CategoryCount::category, Comparator.nullsLast(Comparator.naturalOrder())));
        List<PriceBandCount> byBand = new ArrayList<>();
        bands.forEach((currency, counts) -> {
            for (int band = 0; band < counts.length; band++) {
                if (counts[band] > 0) {
                    byBand.add(new PriceBandCount(currency, BAND_BOUNDS.get(band),
                            band + 1 < BAND_BOUNDS.size() ? BAND_BOUNDS.get(band + 1) : null, counts[band]));
                }
            }
        });
        return new SearchFacets(List.copyOf(byCategory), List.copyOf(byBand));
    }

    private static int band(BigDecimal amount) {
        int band = 0;
        for (int i = 0; i < BAND_BOUNDS.size(); i++) {
            if (amount.compareTo(BAND_BOUNDS.get(i)) >= 0) {
                band = i;
            }
        }
        return band;
    }

    /** The count of a top-level category, 0 when no candidate is in it. */
    public int count(String category) {
        return categories.stream().filter(c -> Objects.equals(c.category(), category)).mapToInt(CategoryCount::count)
                .sum();
    }
}
