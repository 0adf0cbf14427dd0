package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.seamline.domain.Money;
import io.seamline.order.ProductCatalog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The order side's view of the catalogue, answered from the row store (eventually consistent). */
@ApplicationScoped
public class RowStoreCatalog implements ProductCatalog {

    @Override
    public Optional<CatalogEntry> find(String productId) {
        try {
            ProductRow row = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> ProductRow.<ProductRow>findById(productId)));
            return Optional.ofNullable(row).map(r -> new CatalogEntry(r.id, r.title,
                    new Money(r.priceAmount, r.priceCurrency), r.discontinued));
        } catch (Throwable e) {
            throw new IllegalStateException("the catalogue could not be read", e);
        }
    }
}
