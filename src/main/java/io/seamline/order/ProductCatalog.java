package io.seamline.order;

import io.seamline.domain.Money;

import java.util.Optional;

/**
 * What the order side needs to know about products: title, price and whether they are on sale. Answered
 * by the catalogue read model, which lags the log slightly (see README, "the ordering race").
 */
public interface ProductCatalog {

    Optional<CatalogEntry> find(String productId);

    /** A product as the catalogue currently shows it. */
    record CatalogEntry(String productId, String title, Money price, boolean discontinued) {
    }
}
