package io.seamline.http;

import io.seamline.domain.RuleViolation;
import io.seamline.projection.search.HybridSearch;
import io.seamline.domain.CategoryPath;
import io.seamline.projection.vector.SearchFilter;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The search parameters of REST and GraphQL checked into one request, each bad one refused with a problem naming it:
 * the page ({@code offset + k} at most {@value #WINDOW}), the fusion parameter in its fusion's range (linear's BM25
 * weight 0 to 1, RRF's c a whole number 1 to 1000), and the filter (a price range needs its currency).
 */
record SearchParameters(HybridSearch.Request request, boolean explain) {

    /** How deep a shopper may page: offset + k. Twice the fused depth, so hybrid's union can be paged through. */
    static final int WINDOW = 200;
    static final int RRF_C_MAX = 1000;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    static SearchParameters of(String q, String mode, String k, String offset, String fusion, String fusionParameter,
                               String category, String minPrice, String maxPrice, String currency, boolean explain,
                               HybridSearch search) {
        String query = query(q);
        HybridSearch.Mode parsedMode = parse(HybridSearch.Mode.class, "mode", mode == null ? "hybrid" : mode);
        HybridSearch.FusionMethod parsedFusion = fusion == null ? null
                : parse(HybridSearch.FusionMethod.class, "fusion", fusion);
        int limit = (int) QueryNumbers.parse("k", k == null ? "10" : k, 1, RequestLimits.SEARCH_RESULTS);
        int skip = (int) QueryNumbers.parse("offset", offset == null ? "0" : offset, 0, WINDOW - 1);
        if (skip + limit > WINDOW) {
            throw new RuleViolation("out-of-range", "offset", "offset + k must be at most " + WINDOW + ", got "
                    + skip + " + " + limit);
        }
        Number parameter = null;
        if (fusionParameter != null) {
            if (parsedMode != HybridSearch.Mode.HYBRID) {
                throw new RuleViolation("fusion-parameter-needs-hybrid", "fusionParameter",
                        "fusionParameter tunes the fusion of hybrid mode; mode is " + lower(parsedMode));
            }
            parameter = fusionParameter(parsedFusion == null ? search.defaultFusion() : parsedFusion,
                    fusionParameter);
        }
        return new SearchParameters(new HybridSearch.Request(query, parsedMode, limit, skip, parsedFusion, parameter,
                filter(category, minPrice, maxPrice, currency)), explain);
    }

    private static Number fusionParameter(HybridSearch.FusionMethod fusion, String raw) {
        if (fusion == HybridSearch.FusionMethod.RRF) {
            return (int) QueryNumbers.parse("fusionParameter", raw, 1, RRF_C_MAX);
        }
        try {
            double weight = Double.parseDouble(raw.strip());
            if (weight >= 0 && weight <= 1) {
                return weight;
            }
        } catch (NumberFormatException e) {
            // refused below, as an out-of-range value is
        }
        throw new RuleViolation("out-of-range", "fusionParameter",
                "fusionParameter is linear fusion's BM25 weight, a number from 0 to 1, got " + raw);
    }

    private static SearchFilter filter(String category, String minPrice, String maxPrice, String currency) {
        if (category != null) {
            RequestLimits.text("category", category, RequestLimits.CATEGORY);
            if (CategoryPath.normalise(category) == null) {
                throw new RuleViolation("category-empty", "category",
                        "category must name a category path prefix such as 'Home & Kitchen > Kitchen'");
            }
        }
        BigDecimal min = price("minPrice", minPrice);
        BigDecimal max = price("maxPrice", maxPrice);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new RuleViolation("price-range-inverted", "minPrice", "minPrice " + min + " is above maxPrice " + max);
        }
        String code = currency == null ? null : currency.strip().toUpperCase(Locale.ROOT);
        if (code != null && !CURRENCY.matcher(code).matches()) {
            throw new RuleViolation("currency-invalid", "currency", "currency must be a three-letter ISO code");
        }
        if ((min != null || max != null) && code == null) {
            throw new RuleViolation("currency-required", "currency", "a price range is in one currency: name it "
                    + "(currency=USD); prices are compared in the product's own currency, never converted");
        }
        return new SearchFilter(category, min, max, code);
    }

    private static BigDecimal price(String field, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(raw.strip());
            if (amount.signum() >= 0 && amount.compareTo(io.seamline.domain.Money.MAX_AMOUNT) <= 0) {
                return amount;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new RuleViolation("out-of-range", field, field + " must be an amount from 0 to "
                + io.seamline.domain.Money.MAX_AMOUNT.toPlainString() + ", got " + raw);
    }

    private static String query(String q) {
        // control characters carry no words (and leave the embedding model nothing to embed): spaces for them
        String query = q == null ? "" : CONTROL.matcher(q).replaceAll(" ").strip();
        if (query.isEmpty()) {
            throw new RuleViolation("query-required", "q", "q must hold the words to search for");
        }
        if (query.length() > RequestLimits.SEARCH_QUERY) {
            throw new RuleViolation("query-too-long", "q", "q must be at most " + RequestLimits.SEARCH_QUERY
                    + " characters, got " + query.length());
        }
        return query;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String raw) {
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("unknown-" + field, field, field + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(SearchParameters::lower).toList() + ", got " + raw);
        }
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
