package io.seamline.seam;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How far each consumer of the log has got: the last global index it applied and that event's time.
 * A consumer writes its row in the same transaction as the data it derived, so the two never disagree.
 */
public final class Watermarks {

    /** One consumer's position. */
    public record Watermark(String consumer, long lastGlobalIndex, Instant lastEventTime, Instant updatedAt,
                            long appliedEvents, long skippedEvents) {
    }

    /** A consumer's progress on one partition of the topic. */
    public record PartitionProgress(String consumer, int partition, long nextOffset, long lastGlobalIndex,
                                    Instant lastEventTime) {
    }

    static final String UPSERT = """
            insert into projection_watermark
                (consumer, last_global_index, last_event_time, updated_at, applied_events, skipped_events)
            values (?, ?, ?, now(), ?, ?)
            on conflict (consumer) do update set
                last_global_index = greatest(projection_watermark.last_global_index, excluded.last_global_index),
                last_event_time = greatest(projection_watermark.last_event_time, excluded.last_event_time),
                updated_at = now(),
                applied_events = projection_watermark.applied_events + excluded.applied_events,
                skipped_events = projection_watermark.skipped_events + excluded.skipped_events""";

    private Watermarks() {
    }

    /** Advances {@code consumer}'s watermark on the caller's transaction connection. */
    public static void advance(Connection tx, String consumer, long globalIndex, Instant eventTime,
                               long applied, long skipped) throws SQLException {
        try (PreparedStatement upsert = tx.prepareStatement(UPSERT)) {
            upsert.setString(1, consumer);
            upsert.setLong(2, globalIndex);
            upsert.setTimestamp(3, Timestamp.from(eventTime));
            upsert.setLong(4, applied);
            upsert.setLong(5, skipped);
            upsert.executeUpdate();
        }
    }

    public static List<Watermark> all(Connection connection) throws SQLException {
        List<Watermark> all = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select consumer, last_global_index, last_event_time, updated_at, applied_events, skipped_events
                from projection_watermark order by consumer""");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                all.add(new Watermark(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(6)));
            }
        }
        return all;
    }

    public static List<PartitionProgress> partitionProgress(Connection connection) throws SQLException {
        List<PartitionProgress> all = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select consumer, topic_partition, next_offset, last_global_index, last_event_time
                from projection_partition_progress""");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                all.add(new PartitionProgress(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant()));
            }
        }
        return all;
    }
}
