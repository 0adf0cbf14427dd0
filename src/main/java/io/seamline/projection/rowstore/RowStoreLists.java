package io.seamline.projection.rowstore;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Filtered lists of the row store's products and orders, a page at a time in a keyset order: a page ends with the
 * sort key of its last row, and the next page starts strictly after it, so rows inserted meanwhile never shift a page
 * (no row is seen twice, none skipped) and every page costs one index range scan of at most {@code limit + 1} rows
 * (the indexes are in projections/rowstore/migrations).
 */
@ApplicationScoped
public class RowStoreLists {

    /** What separates the levels of a category path ("Home &amp; Kitchen &gt; Kettles"). */
    public static final String CATEGORY_SEPARATOR = " > ";

    /** The statuses an order row can have, as the projection writes them. */
    public static final Set<String> ORDER_STATUSES = Set.of("PLACED", "PAID", "SHIPPED", "CANCELLED");

    /** The orders a product list can come in; each ends on the id, so the order is total. */
    public enum ProductSort {
        /** By id: no write moves a product in this order, so a walk sees every product exactly once. */
        ID("id", null, false),
        /** Least recently changed first. */
        UPDATED_AT("updatedAt", "updated_at", false),
        /** Most recently changed first. */
        UPDATED_AT_DESC("-updatedAt", "updated_at", true),
        /** By title, then id. */
        TITLE("title", "title", false);

        private final String parameter;
        private final String column;
        private final boolean descending;

        ProductSort(String parameter, String column, boolean descending) {
            this.parameter = parameter;
            this.column = column;
            this.descending = descending;
        }

        /** How a caller names this order ({@code sort=-updatedAt}). */
        public String parameter() {
            return parameter;
        }

        private String orderBy() {
            String direction = descending ? " desc" : "";
            return column == null ? "id" + direction : column + direction + ", id" + direction;
        }

        private String after() {
            String comparison = descending ? " < " : " > ";
            return column == null ? "id" + comparison + "?" : "(" + column + ", id)" + comparison + "(?, ?)";
        }

        private String keyOf(ProductRow row) {
            return switch (this) {
                case ID -> null;
                case UPDATED_AT, UPDATED_AT_DESC -> row.updatedAt.toString();
                case TITLE -> row.title;
            };
        }

        private Object bindKey(String value) {
            return column != null && column.equals("updated_at") ? OffsetDateTime.parse(value) : value;
        }
    }

    /**
     * Which products: those whose category path starts with {@code categoryPrefix}'s levels (null: any), whose
     * discontinued flag is {@code discontinued} (null: either), changed at or after {@code updatedSince} (null: ever).
     */
    public record ProductFilter(String categoryPrefix, Boolean discontinued, Instant updatedSince) {
    }

    /** Which orders: of one customer and one status (null: any), placed in [placedFrom, placedTo) (null: open). */
    public record OrderFilter(String customerId, String status, Instant placedFrom, Instant placedTo) {
    }

    /**
     * Where a page ended: the sort key of its last row ({@code value}, null when the order is by id alone) and its id.
     * The values are text so that a caller can carry them in an opaque cursor.
     */
    public record Keyset(String value, String id) {
    }

    /** One page: its rows, and where the next page starts (null when this is the last). */
    public record Page<T>(List<T> items, Keyset next) {
    }

    private final DataSource dataSource;

    RowStoreLists(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} products matching {@code filter} in {@code sort} order, after {@code after} (null: first). */
    public Page<ProductRow> products(ProductFilter filter, ProductSort sort, Keyset after, int limit) {
        Query query = new Query();
        if (filter.categoryPrefix() != null) {
            query.where("(category = ? or category like ? escape '\\')", filter.categoryPrefix(),
                    likeEscaped(filter.categoryPrefix()) + likeEscaped(CATEGORY_SEPARATOR) + "%");
        }
        if (filter.discontinued() != null) {
            query.where("discontinued = ?", filter.discontinued());
        }
        if (filter.updatedSince() != null) {
            query.where("updated_at >= ?", utc(filter.updatedSince()));
        }
        if (after != null) {
            if (sort == ProductSort.ID) {
                query.where(sort.after(), after.id());
            } else {
                query.where(sort.after(), sort.bindKey(after.value()), after.id());
            }
        }
        List<ProductRow> rows = query.run("select " + RowStoreTables.PRODUCT_COLUMNS + " from "
                + RowStoreTables.LIVE.products, sort.orderBy(), limit, RowStoreTables::product);
        return page(rows, limit, row -> new Keyset(sort.keyOf(row), row.id));
    }

    /** Up to {@code limit} orders matching {@code filter}, newest placed first, after {@code after} (null: first). */
    public Page<OrderRow> orders(OrderFilter filter, Keyset after, int limit) {
        Query query = new Query();
        if (filter.customerId() != null) {
            query.where("customer_id = ?", filter.customerId());
        }
        if (filter.status() != null) {
            query.where("status = ?", filter.status());
        }
        if (filter.placedFrom() != null) {
            query.where("placed_at >= ?", utc(filter.placedFrom()));
        }
        if (filter.placedTo() != null) {
            query.where("placed_at < ?", utc(filter.placedTo()));
        }
        if (after != null) {
            query.where("(placed_at, id) < (?, ?)", OffsetDateTime.parse(after.value()), after.id());
        }
        List<OrderRow> rows = query.run("select " + RowStoreTables.ORDER_COLUMNS + " from "
                + RowStoreTables.LIVE.orders, "placed_at desc, id desc", limit, RowStoreTables::order);
        return page(rows, limit, row -> new Keyset(row.placedAt.toString(), row.id));
    }

    /** One more row than the page holds was read: its presence says whether a next page exists. */
    private static <T> Page<T> page(List<T> rows, int limit, Function<T, Keyset> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, key.apply(items.get(limit - 1)));
    }

    /** {@code text} matching itself only in a LIKE pattern with escape character backslash. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A select's conditions and their parameters, in order. */
    private final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        void where(String condition, Object... values) {
            conditions.add(condition);
            parameters.addAll(List.of(values));
        }

        <T> List<T> run(String select, String orderBy, int limit, RowReader<T> reader) {
            String sql = select + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                    + " order by " + orderBy + " limit ?";
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object parameter : parameters) {
                    ps.setObject(i++, parameter);
                }
                ps.setInt(i, limit + 1);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException("could not list the row store", e);
            }
        }
    }
}
