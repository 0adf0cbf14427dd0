package io.seamline.projection.rowstore;

import io.seamline.domain.Money;
import io.seamline.order.ProductCatalog;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The order side's view of the catalogue, answered from the row store (eventually consistent). A plain
 * JDBC read of the four columns pricing needs, on the command's worker thread: every PlaceOrder pays for it,
 * and loading whole entities (attributes JSON included) through the reactive session cost more than the
 * rest of the command.
 */
@ApplicationScoped
class RowStoreCatalog implements ProductCatalog {

    private static final String QUERY = "select id, title, price_amount, price_currency, discontinued "
            + "from rowstore_product where id = any(?)";

    private final DataSource dataSource;

    RowStoreCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<String, CatalogEntry> find(Collection<String> productIds) {
        Map<String, CatalogEntry> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setArray(1, connection.createArrayOf("text", productIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    found.put(id, new CatalogEntry(id, rows.getString(2),
                            new Money(rows.getBigDecimal(3), rows.getString(4)), rows.getBoolean(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the catalogue could not be read", e);
        }
        return found;
    }
}
