package io.seamline.projection.vector;

import io.seamline.domain.CategoryPath;
import io.seamline.domain.Money;

import java.math.BigDecimal;

/**
 * What a shopper narrows a search to, applied inside each index while it ranks (never to a fused list afterwards):
 * a category path prefix (whole levels, see {@link CategoryPath}) and a price range. Prices are compared in the
 * product's own currency, never converted: a {@code currency} keeps only products priced in it, and a price range
 * needs one. Bounds are inclusive; null means unbounded.
 */
public record SearchFilter(String categoryPrefix, BigDecimal minPrice, BigDecimal maxPrice, String currency) {

    /** No narrowing: every searchable product. */
    public static final SearchFilter NONE = new SearchFilter(null, null, null, null);

    public SearchFilter {
        categoryPrefix = CategoryPath.normalise(categoryPrefix);
        if ((minPrice != null || maxPrice != null) && currency == null) {
            throw new IllegalArgumentException("a price range needs the currency it is in");
        }
    }

    /** Whether the filter narrows anything. */
    public boolean narrows() {
        return categoryPrefix != null || currency != null;
    }

    /** Whether a product with this category and price passes. */
    public boolean accepts(String category, Money price) {
        if (categoryPrefix != null && !CategoryPath.within(category, categoryPrefix)) {
            return false;
        }
        if (currency == null) {
            return true;
        }
        return price != null && currency.equals(price.currency())
                && (minPrice == null || price.amount().compareTo(minPrice) >= 0)
                && (maxPrice == null || price.amount().compareTo(maxPrice) <= 0);
    }
}
