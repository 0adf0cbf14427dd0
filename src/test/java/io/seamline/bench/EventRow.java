package io.seamline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** A real event row, as stored: what the baselines insert again under new ids. */
record EventRow(String type, long sequence, byte[] metadata, byte[] payload, String payloadRevision,
                String payloadType) {

    /** Into the write path baseline's copy of the event table, {@code bench_raw}; bound by {@link #bindInsert}. */
    static final String INSERT_RAW = """
            insert into bench_raw (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                   payloadrevision, payloadtype, timestamp)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Up to {@code perType} random rows of each event type the write phases appended. */
    static List<EventRow> sample(BenchDatabase db, int perType) throws SQLException {
        List<EventRow> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                select type, sequencenumber, metadata, payload, payloadrevision, payloadtype from (
                    select *, row_number() over (partition by payloadtype order by random()) as n from domainevententry
                ) sampled where n <= ?""")) {
            ps.setInt(1, perType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EventRow(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        Collections.shuffle(rows, new Random(42));
        return rows;
    }

    /** This row's bytes under another aggregate id and sequence, with a fresh event id and the current time. */
    void bindInsert(PreparedStatement insertRaw, String aggregateId, long sequenceNumber) throws SQLException {
        insertRaw.setString(1, aggregateId);
        insertRaw.setLong(2, sequenceNumber);
        insertRaw.setString(3, type);
        insertRaw.setString(4, UUID.randomUUID().toString());
        insertRaw.setBytes(5, metadata);
        insertRaw.setBytes(6, payload);
        insertRaw.setString(7, payloadRevision);
        insertRaw.setString(8, payloadType);
        insertRaw.setString(9, Instant.now().toString());
    }

    /** The event's class without its package, e.g. {@code ProductCreatedEvent}. */
    String simpleType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
