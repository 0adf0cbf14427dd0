package io.seamline.order;

import io.seamline.domain.Money;

import java.util.Collection;
import java.util.Map;

/**
 * What the order side needs to know about products: title, price and whether they are on sale. Answered
 * by the catalogue read model, which lags the log slightly (see README, "the ordering race").
 */
public interface ProductCatalog {

    /** The products among {@code productIds} that the catalogue has, by id, read in one go. */
    Map<String, CatalogEntry> find(Collection<String> productIds);

    /** A product as the catalogue currently shows it. */
    record CatalogEntry(String productId, String title, Money price, boolean discontinued) {
    }
}
