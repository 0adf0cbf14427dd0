package io.seamline.projection.rowstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The row store's tables as the projection reads and writes them, in batches over plain JDBC: a batch
 * loads the rows it touches in one query per table and upserts the ones it changed in one round trip.
 * (The API's point reads map the same tables through Hibernate Reactive entities, {@link RowStoreQueries}.)
 * A replay writes a second pair of tables of the same shape ({@link #REBUILD}), renamed to the live names at its swap.
 * An upsert only moves a row forward (a newer sequence): replicas share this store and one group, and a replica that a
 * rebalance took a partition from while it was paused may still commit a batch the new owner already passed.
 */
final class RowStoreTables {

    /** The tables queries read. */
    static final RowStoreTables LIVE = new RowStoreTables("rowstore_product", "rowstore_order");
    /** The tables a replay fills before they become the live ones. */
    static final RowStoreTables REBUILD = new RowStoreTables("rowstore_product_rebuild", "rowstore_order_rebuild");
    /** The tables that were live before the last replay's swap, kept until the next one. */
    static final RowStoreTables PREVIOUS = new RowStoreTables("rowstore_product_previous", "rowstore_order_previous");

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final TypeReference<OrderRow.Lines> LINES = new TypeReference<>() {
    };

    /** A product row's columns in the order {@link #product(ResultSet)} reads them. */
    static final String PRODUCT_COLUMNS = """
            id, sku, title, description, category, price_amount, price_currency, attributes, discontinued,
            discontinued_at, sequence, updated_at""";
    /** An order row's columns in the order {@link #order(ResultSet)} reads them. */
    static final String ORDER_COLUMNS = "id, customer_id, status, lines, total_amount, currency, placed_at, sequence, "
            + "updated_at, cancel_reason";

    private static final String SELECT_PRODUCTS_SQL = "select " + PRODUCT_COLUMNS + " from %1$s where id = any(?)";
    private static final String UPSERT_PRODUCT_SQL = """
            insert into %1$s (id, sku, title, description, category, price_amount, price_currency,
                                          attributes, discontinued, discontinued_at, sequence, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            on conflict (id) do update set sku = excluded.sku, title = excluded.title,
                description = excluded.description, category = excluded.category,
                price_amount = excluded.price_amount, price_currency = excluded.price_currency,
                attributes = excluded.attributes, discontinued = excluded.discontinued,
                discontinued_at = excluded.discontinued_at, sequence = excluded.sequence,
                updated_at = excluded.updated_at
            where %1$s.sequence < excluded.sequence""";
    private static final String SELECT_ORDERS_SQL = "select " + ORDER_COLUMNS + " from %2$s where id = any(?)";
    private static final String UPSERT_ORDER_SQL = """
            insert into %2$s (id, customer_id, status, lines, total_amount, currency, placed_at,
                                        sequence, updated_at, cancel_reason)
            values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set customer_id = excluded.customer_id, status = excluded.status,
                lines = excluded.lines, total_amount = excluded.total_amount, currency = excluded.currency,
                placed_at = excluded.placed_at, sequence = excluded.sequence, updated_at = excluded.updated_at,
                cancel_reason = excluded.cancel_reason
            where %2$s.sequence < excluded.sequence""";

    final String products;
    final String orders;
    private final String selectProducts;
    private final String upsertProduct;
    private final String selectOrders;
    private final String upsertOrder;

    private RowStoreTables(String products, String orders) {
        this.products = products;
        this.orders = orders;
        selectProducts = SELECT_PRODUCTS_SQL.formatted(products, orders);
        upsertProduct = UPSERT_PRODUCT_SQL.formatted(products, orders);
        selectOrders = SELECT_ORDERS_SQL.formatted(products, orders);
        upsertOrder = UPSERT_ORDER_SQL.formatted(products, orders);
    }

    void loadProducts(Connection tx, Collection<String> ids, Consumer<ProductRow> found) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement select = tx.prepareStatement(selectProducts)) {
            select.setArray(1, tx.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.accept(product(rs));
                }
            }
        }
    }

    void upsertProducts(Connection tx, Collection<ProductRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = tx.prepareStatement(upsertProduct)) {
            for (ProductRow row : rows) {
                upsert.setString(1, row.id);
                upsert.setString(2, row.sku);
                upsert.setString(3, row.title);
                upsert.setString(4, row.description);
                upsert.setString(5, row.category);
                upsert.setBigDecimal(6, row.priceAmount);
                upsert.setString(7, row.priceCurrency);
                upsert.setString(8, toJson(row.attributes == null ? Map.of() : row.attributes));
                upsert.setBoolean(9, row.discontinued);
                upsert.setObject(10, row.discontinuedAt);
                upsert.setLong(11, row.sequence);
                upsert.setObject(12, row.updatedAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    void loadOrders(Connection tx, Collection<String> ids, Consumer<OrderRow> found) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement select = tx.prepareStatement(selectOrders)) {
            select.setArray(1, tx.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.accept(order(rs));
                }
            }
        }
    }

    void upsertOrders(Connection tx, Collection<OrderRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = tx.prepareStatement(upsertOrder)) {
            for (OrderRow row : rows) {
                upsert.setString(1, row.id);
                upsert.setString(2, row.customerId);
                upsert.setString(3, row.status);
                upsert.setString(4, toJson(row.lines));
                upsert.setBigDecimal(5, row.totalAmount);
                upsert.setString(6, row.currency);
                upsert.setObject(7, row.placedAt);
                upsert.setLong(8, row.sequence);
                upsert.setObject(9, row.updatedAt);
                upsert.setString(10, row.cancelReason);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The product at the result's current row, selected as {@link #PRODUCT_COLUMNS}. */
    static ProductRow product(ResultSet rs) throws SQLException {
        ProductRow row = new ProductRow();
        row.id = rs.getString(1);
        row.sku = rs.getString(2);
        row.title = rs.getString(3);
        row.description = rs.getString(4);
        row.category = rs.getString(5);
        row.priceAmount = rs.getBigDecimal(6);
        row.priceCurrency = rs.getString(7);
        row.attributes = fromJson(rs.getString(8), ATTRIBUTES);
        row.discontinued = rs.getBoolean(9);
        row.discontinuedAt = rs.getObject(10, OffsetDateTime.class);
        row.sequence = rs.getLong(11);
        row.updatedAt = rs.getObject(12, OffsetDateTime.class);
        return row;
    }

    /** The order at the result's current row, selected as {@link #ORDER_COLUMNS}. */
    static OrderRow order(ResultSet rs) throws SQLException {
        OrderRow row = new OrderRow();
        row.id = rs.getString(1);
        row.customerId = rs.getString(2);
        row.status = rs.getString(3);
        row.lines = fromJson(rs.getString(4), LINES);
        row.totalAmount = rs.getBigDecimal(5);
        row.currency = rs.getString(6);
        row.placedAt = rs.getObject(7, OffsetDateTime.class);
        row.sequence = rs.getLong(8);
        row.updatedAt = rs.getObject(9, OffsetDateTime.class);
        row.cancelReason = rs.getString(10);
        return row;
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column in the row store", e);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
