package io.seamline.seam.log;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far each consumer of the log has got: the last global index it applied and that event's time, per
 * Kafka partition the next offset, and the sequence gaps it saw. A consumer writes these in the same
 * transaction as the data it derived ({@link #record}), so the two never disagree.
 */
public final class Watermarks {

    /** One consumer's position. */
    public record Watermark(String consumer, long lastGlobalIndex, Instant lastEventTime, Instant updatedAt,
                            long appliedEvents, long skippedEvents) {
    }

    /** An event that arrived while its predecessor in the aggregate's sequence never did. */
    public record Gap(String aggregateId, long expectedSequence, long gotSequence, long globalIndex) {
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

    private static final String UPSERT_PARTITION = """
            insert into projection_partition_progress
                (consumer, topic_partition, next_offset, last_global_index, last_event_time)
            values (?, ?, ?, ?, ?)
            on conflict (consumer, topic_partition) do update set
                next_offset = greatest(projection_partition_progress.next_offset, excluded.next_offset),
                last_global_index = excluded.last_global_index,
                last_event_time = excluded.last_event_time""";

    private static final String INSERT_GAP = """
            insert into projection_gap
                (consumer, aggregate_id, expected_sequence, got_sequence, global_index, seen_at)
            values (?, ?, ?, ?, ?, now())
            on conflict do nothing""";

    private Watermarks() {
    }

    /**
     * Everything a consumer records about a batch it applied, on its transaction connection: the watermark
     * (the newest event of the batch), each partition's next offset and last event, and the gaps it saw.
     */
    public static void record(Connection tx, String consumer, List<ConsumedEvent> batch, long applied, long skipped,
                              List<Gap> gaps) throws SQLException {
        EventEnvelope newest = batch.get(0).envelope();
        Map<Integer, ConsumedEvent> lastPerPartition = new TreeMap<>();
        for (ConsumedEvent consumed : batch) {
            if (!consumed.fromKafka()) {
                continue; // a repair from the event store: neither watermark nor offsets move
            }
            newest = consumed.envelope().globalIndex() > newest.globalIndex() ? consumed.envelope() : newest;
            lastPerPartition.merge(consumed.partition(), consumed, (a, b) -> b.offset() > a.offset() ? b : a);
        }
        if (lastPerPartition.isEmpty()) {
            return;
        }
        advance(tx, consumer, newest.globalIndex(), newest.timestamp(), applied, skipped);
        try (PreparedStatement upsert = tx.prepareStatement(UPSERT_PARTITION)) {
            for (ConsumedEvent last : lastPerPartition.values()) {
                upsert.setString(1, consumer);
                upsert.setInt(2, last.partition());
                upsert.setLong(3, last.offset() + 1);
                upsert.setLong(4, last.envelope().globalIndex());
                upsert.setTimestamp(5, Timestamp.from(last.envelope().timestamp()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        if (gaps.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = tx.prepareStatement(INSERT_GAP)) {
            for (Gap gap : gaps) {
                insert.setString(1, consumer);
                insert.setString(2, gap.aggregateId());
                insert.setLong(3, gap.expectedSequence());
                insert.setLong(4, gap.gotSequence());
                insert.setLong(5, gap.globalIndex());
                insert.addBatch();
            }
            insert.executeBatch();
        }
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
