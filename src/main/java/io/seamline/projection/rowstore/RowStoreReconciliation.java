package io.seamline.projection.rowstore;

import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.reconcile.AggregateRepair;
import io.seamline.seam.reconcile.Drift;
import io.seamline.seam.reconcile.ModelKey;
import io.seamline.seam.reconcile.ReconciledModel;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The row store as reconciliation sees it: every product and order row with its sequence. */
@ApplicationScoped
public class RowStoreReconciliation implements ReconciledModel {

    private static final String KEYS = """
            select id, sequence, not discontinued from rowstore_product
            union all select id, sequence, true from rowstore_order""";

    private final DataSource dataSource;
    private final RowStoreProjection projection;

    RowStoreReconciliation(DataSource dataSource, RowStoreProjection projection) {
        this.dataSource = dataSource;
        this.projection = projection;
    }

    @Override
    public String name() {
        return RowStoreProjection.CONSUMER;
    }

    @Override
    public Set<String> aggregateTypes() {
        return Set.of("Product", "Order");
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    @Override
    public List<ModelKey> keys() {
        List<ModelKey> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(KEYS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new ModelKey(rs.getString(1), rs.getLong(2), rs.getBoolean(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the row store's keys", e);
        }
        return keys;
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        AggregateRepair.repair(drifts, history, this::delete, projection::apply);
    }

    private void delete(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement products = c.prepareStatement("delete from rowstore_product where id = ?");
             PreparedStatement orders = c.prepareStatement("delete from rowstore_order where id = ?")) {
            products.setString(1, id);
            products.executeUpdate();
            orders.setString(1, id);
            orders.executeUpdate();
        }
    }
}
