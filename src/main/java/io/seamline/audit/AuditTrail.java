package io.seamline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail: the table {@code audit_log} in the event store's database, which only ever grows (a trigger
 * refuses updates and deletes), so it is kept across restarts and cannot be edited through the service.
 */
@ApplicationScoped
public class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends one entry; throws if it cannot, so no audited call goes unrecorded silently. */
    public void record(Instant at, String actor, String roles, String action, JsonNode parameters, String outcome,
                       long durationMs) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (at, actor, roles, action, parameters, outcome, duration_ms)
                values (?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, actor);
            ps.setString(3, roles);
            ps.setString(4, action);
            ps.setString(5, parameters.toString());
            ps.setString(6, outcome);
            ps.setLong(7, durationMs);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the audit trail", e);
        }
    }

    /** The newest entries before id {@code before} (null: from the newest), newest first. */
    public List<AuditEntry> page(Long before, String actor, int limit) {
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, at, actor, roles, action, parameters::text, outcome, duration_ms from audit_log
                where (?::bigint is null or id < ?) and (?::text is null or actor = ?)
                order by id desc limit ?""")) {
            ps.setObject(1, before, Types.BIGINT);
            ps.setObject(2, before, Types.BIGINT);
            ps.setString(3, actor);
            ps.setString(4, actor);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), JSON.readTree(rs.getString(6)), rs.getString(7),
                            rs.getLong(8)));
                }
            }
            return entries;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not read the audit trail", e);
        }
    }
}
