package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Point reads of the row store. */
@ApplicationScoped
public class RowStoreQueries {

    public Uni<ProductRow> product(String id) {
        return Panache.withSession(() -> ProductRow.findById(id));
    }

    public Uni<ProductRow> productBySku(String sku) {
        return Panache.withSession(() -> ProductRow.<ProductRow>find("sku", sku).firstResult());
    }

    public Uni<OrderRow> order(String id) {
        return Panache.withSession(() -> OrderRow.findById(id));
    }
}
