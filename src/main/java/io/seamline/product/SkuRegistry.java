package io.seamline.product;

import io.seamline.domain.Conflict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Enforces SKU uniqueness across products, a rule no single aggregate can check. The claim is written in
 * the command's own transaction, so it commits or rolls back together with the ProductCreated append.
 */
final class SkuRegistry {
    private final Supplier<Connection> transactionConnection;

    public SkuRegistry(Supplier<Connection> transactionConnection) {
        this.transactionConnection = transactionConnection;
    }

    void claim(String sku, String productId) {
        String sql = "insert into product_sku (sku, product_id) values (?, ?) on conflict do nothing";
        try (PreparedStatement insert = transactionConnection.get().prepareStatement(sql)) {
            insert.setString(1, sku);
            insert.setString(2, productId);
            if (insert.executeUpdate() == 0) {
                throw new Conflict("sku-unique", "sku", "SKU " + sku + " already belongs to another product");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim SKU " + sku, e);
        }
    }
}
