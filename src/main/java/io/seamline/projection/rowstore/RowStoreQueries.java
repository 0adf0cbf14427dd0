package io.seamline.projection.rowstore;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.function.Function;

/**
 * Point reads of the row store. Each read opens a session of its own: one GraphQL request resolves several
 * fields at once ({@code a: product(..) b: product(..)}) on the same context, and a session shared between them
 * (what {@code Panache.withSession} hands out) is used by two queries at a time, which Hibernate Reactive does
 * not allow.
 */
@ApplicationScoped
public class RowStoreQueries {

    private final Mutiny.SessionFactory sessions;

    RowStoreQueries(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<ProductRow> product(String id) {
        return read(session -> session.find(ProductRow.class, id));
    }

    public Uni<ProductRow> productBySku(String sku) {
        return read(session -> session.createSelectionQuery("from ProductRow where sku = :sku", ProductRow.class)
                .setParameter("sku", sku).setMaxResults(1).getSingleResultOrNull());
    }

    public Uni<OrderRow> order(String id) {
        return read(session -> session.find(OrderRow.class, id));
    }

    private <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> query) {
        return sessions.openSession().chain(session -> query.apply(session).eventually(session::close));
    }
}
