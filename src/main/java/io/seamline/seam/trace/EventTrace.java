package io.seamline.seam.trace;

import io.seamline.seam.model.ReadModels;
import io.seamline.seam.model.TraceHop;
import io.seamline.seam.monitor.Freshness;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The path of one event: appended to the event store, relayed to Kafka, applied by each read model, with the time
 * of each hop, the lag from the hop it comes from and from the append. A hop the trace has no time for is PENDING
 * while its consumer has not got that far in the log, and NOT_RECORDED once it has (the event is older than the
 * trace keeps, or was applied before this process started).
 */
@ApplicationScoped
public class EventTrace {

    /** The event as the event store has it. */
    public record Event(String eventId, String type, String aggregateId, long sequence, long globalIndex,
                        Instant appendedAt) {
    }

    public enum Status { REACHED, PENDING, NOT_RECORDED }

    /**
     * One hop: when it was reached, its lag from the hop it comes from ({@code from}) and from the append, and where
     * the event sits in Kafka (the kafka hop only).
     */
    public record Hop(String hop, Status status, Instant at, String from, Long lagFromMillis, Long sinceAppendMillis,
                      Integer partition, Long offset) {
    }

    public record Trace(Event event, List<Hop> hops) {
    }

    private static final String SELECT = """
            select eventidentifier, payloadtype, aggregateidentifier, sequencenumber, globalindex, timestamp
            from domainevententry where """;

    private final DataSource dataSource;
    private final PropagationTrace trace;
    private final Freshness freshness;
    private final ReadModels models;
    /** Where each hop reads from: the lag between hops is measured along these edges. */
    private final Map<String, String> upstream = new HashMap<>();

    EventTrace(DataSource dataSource, PropagationTrace trace, Freshness freshness, ReadModels models) {
        this.dataSource = dataSource;
        this.trace = trace;
        this.freshness = freshness;
        this.models = models;
        models.hops().forEach(hop -> upstream.put(hop.name(), hop.upstream()));
    }

    public Optional<Trace> of(String eventId) {
        return find(SELECT + " eventidentifier = ?", eventId, null).map(this::trace);
    }

    public Optional<Trace> of(String aggregateId, long sequence) {
        return find(SELECT + " aggregateidentifier = ? and sequencenumber = ?", aggregateId, sequence).map(this::trace);
    }

    private Trace trace(Event event) {
        Map<String, Long> watermarks = freshness.current().stream().collect(Collectors.toMap(
                Freshness.ConsumerFreshness::consumer, Freshness.ConsumerFreshness::watermark, Math::min));
        Optional<PropagationTrace.Hops> recorded = trace.of(event.eventId());
        List<Hop> hops = new ArrayList<>();
        hops.add(new Hop("eventstore", Status.REACHED, event.appendedAt(), null, null, 0L, null, null));
        for (String name : trace.hops()) {
            Optional<Instant> at = recorded.flatMap(h -> h.reached(name)).map(EventTrace::millis);
            Integer partition = name.equals("kafka") ? recorded.map(PropagationTrace.Hops::partition).orElse(null) : null;
            Long offset = name.equals("kafka") ? recorded.map(PropagationTrace.Hops::offset).orElse(null) : null;
            if (at.isEmpty()) {
                long watermark = watermarks.getOrDefault(groupOf(name), -1L);
                hops.add(new Hop(name, watermark >= event.globalIndex() ? Status.NOT_RECORDED : Status.PENDING, null,
                        upstream.get(name), null, null, partition, offset));
                continue;
            }
            String from = upstream.get(name);
            Optional<Instant> fromAt = from.equals("eventstore") ? Optional.of(event.appendedAt())
                    : recorded.flatMap(h -> h.reached(from)).map(EventTrace::millis);
            hops.add(new Hop(name, Status.REACHED, at.get(), from,
                    fromAt.map(f -> Duration.between(f, at.get()).toMillis()).orElse(null),
                    Duration.between(event.appendedAt(), at.get()).toMillis(), partition, offset));
        }
        return new Trace(event, hops);
    }

    /**
     * Every time to the millisecond: the Kafka hop is the record's timestamp, which has no finer grain, and a lag
     * between two times of different grain could come out negative.
     */
    private static Instant millis(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The consumer whose watermark says whether a hop is still to come. */
    private String groupOf(String hop) {
        return hop.equals(TraceHop.KAFKA) ? "relay" : models.groupOf(hop).orElse(hop);
    }

    private Optional<Event> find(String sql, String key, Long sequence) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            if (sequence != null) {
                ps.setLong(2, sequence);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String payloadType = rs.getString(2);
                String type = payloadType.substring(payloadType.lastIndexOf('.') + 1).replaceFirst("Event$", "");
                return Optional.of(new Event(rs.getString(1), type, rs.getString(3), rs.getLong(4), rs.getLong(5),
                        millis(Instant.parse(rs.getString(6)))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event store", e);
        }
    }
}
