package io.seamline.seam.reconcile;

import io.seamline.seam.model.ModelKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The source of truth for reconciliation: each aggregate's current sequence and liveness, folded straight from the
 * event store in one query (a product is live until its ProductDiscontinued), with the global index of its last
 * event so events still in flight to a read model can be told from drift.
 */
@ApplicationScoped
class EventStoreFold {

    /** An aggregate as the event store has it. */
    public record Truth(ModelKey key, long lastGlobalIndex) {
    }

    private static final String FOLD = """
            select aggregateidentifier, max(sequencenumber), bool_or(payloadtype like '%.ProductDiscontinuedEvent'),
                   max(globalindex)
            from domainevententry where type = any(?) group by aggregateidentifier""";

    private final DataSource dataSource;

    EventStoreFold(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every aggregate of the given types, by id. */
    public Map<String, Truth> fold(Set<String> aggregateTypes) {
        Map<String, Truth> truth = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FOLD)) {
            ps.setArray(1, c.createArrayOf("varchar", aggregateTypes.toArray()));
            ps.setFetchSize(10_000);
            c.setAutoCommit(false); // a fetch size only streams inside a transaction
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    truth.put(id, new Truth(new ModelKey(id, rs.getLong(2), !rs.getBoolean(3)), rs.getLong(4)));
                }
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not fold the event store", e);
        }
        return truth;
    }
}
