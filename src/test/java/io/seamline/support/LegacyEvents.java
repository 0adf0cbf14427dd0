package io.seamline.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes an event row into the event store as an older release wrote it, schema version 1, bypassing the aggregates:
 * how an upcast test gets an event the current code would no longer write.
 */
public final class LegacyEvents {

    private LegacyEvents() {
    }

    /** Appends {@code payload} (JSON) as version 1 of {@code payloadType}, event {@code sequence} of the aggregate. */
    public static void appendV1(DataSource dataSource, String aggregateType, String aggregateId, long sequence,
                                Class<?> payloadType, String payload, Instant storedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                    payload, payloadrevision, payloadtype, timestamp)
                values (?, ?, ?, ?, ?, ?, '1', ?, ?)""")) {
            insert.setString(1, aggregateId);
            insert.setLong(2, sequence);
            insert.setString(3, aggregateType);
            insert.setString(4, UUID.randomUUID().toString());
            insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
            insert.setString(7, payloadType.getName());
            insert.setString(8, storedAt.toString());
            insert.executeUpdate();
        }
    }
}
