package io.seamline.projection.rowstore;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.EventModel;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.reconcile.AggregateRepair;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The row store as a read model: fed in consumer group {@value RowStoreProjection#CONSUMER} from the group's offsets
 * (its rows are idempotent by sequence), reconciled on every product and order row with its sequence, and rebuilt into
 * a second pair of tables swapped in by renames in one transaction.
 */
@ApplicationScoped
@Priority(40)
class RowStoreReadModel implements EventModel {

    private static final String KEYS = """
            select id, sequence, not discontinued from %s
            union all select id, sequence, true from %s""";

    private final DataSource dataSource;
    private final RowStoreProjection projection;

    RowStoreReadModel(DataSource dataSource, RowStoreProjection projection) {
        this.dataSource = dataSource;
        this.projection = projection;
    }

    @Override
    public String name() {
        return RowStoreProjection.CONSUMER;
    }

    @Override
    public String contractFile() {
        return "projections/rowstore/contract.yaml";
    }

    @Override
    public void apply(List<ConsumedEvent> batch) throws SQLException {
        projection.apply(batch);
    }

    @Override
    public void requireWritable() throws SQLException {
        projection.requireReachable();
    }

    @Override
    public PositionStore positionStore() {
        return PositionStore.GROUP_OFFSETS;
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
        RowStoreTables live = RowStoreTables.LIVE;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(KEYS.formatted(live.products, live.orders));
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
        RowStoreTables live = RowStoreTables.LIVE;
        try (Connection c = dataSource.getConnection();
             PreparedStatement products = c.prepareStatement("delete from " + live.products + " where id = ?");
             PreparedStatement orders = c.prepareStatement("delete from " + live.orders + " where id = ?")) {
            products.setString(1, id);
            products.executeUpdate();
            orders.setString(1, id);
            orders.executeUpdate();
        }
    }

    @Override
    public EventGeneration newGeneration() throws SQLException {
        return RowStoreGeneration.create(dataSource, projection);
    }
}
