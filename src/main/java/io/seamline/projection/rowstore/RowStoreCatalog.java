package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.seamline.domain.Money;
import io.seamline.order.ProductCatalog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The order side's view of the catalogue, answered from the row store (eventually consistent). */
@ApplicationScoped
public class RowStoreCatalog implements ProductCatalog {

    @Override
    public Map<String, CatalogEntry> find(Collection<String> productIds) {
        List<ProductRow> rows;
        try {
            rows = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> ProductRow.<ProductRow>list("id in ?1", productIds)));
        } catch (Throwable e) {
            throw new IllegalStateException("the catalogue could not be read", e);
        }
        Map<String, CatalogEntry> found = new HashMap<>();
        for (ProductRow r : rows) {
            found.put(r.id, new CatalogEntry(r.id, r.title, new Money(r.priceAmount, r.priceCurrency), r.discontinued));
        }
        return found;
    }
}
