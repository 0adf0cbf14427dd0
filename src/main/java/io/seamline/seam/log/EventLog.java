package io.seamline.seam.log;

import io.seamline.platform.AxonRuntime;
import io.seamline.seam.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** The log as consumers see it: pages of envelopes in global order, its head, and event times. */
@ApplicationScoped
public class EventLog {

    private final AxonRuntime axon;
    private final DataSource dataSource;

    EventLog(AxonRuntime axon, DataSource dataSource) {
        this.axon = axon;
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} events with a global index above {@code after} (-1 for the start), upcast. */
    public List<EventEnvelope> page(long after, int limit) {
        TrackingToken token = after < 0 ? null : GapAwareTrackingToken.newInstance(after, new TreeSet<>());
        try (Stream<? extends TrackedEventMessage<?>> events = axon.storageEngine().readEvents(token, false)) {
            return events.limit(limit)
                    .map(e -> EventEnvelope.of((DomainEventMessage<?>) e, e.trackingToken().position().orElseThrow()))
                    .toList();
        }
    }

    /** One aggregate's events, oldest first, upcast; the global index is not known here and is -1. */
    public List<EventEnvelope> history(String aggregateId) {
        return axon.configuration().eventStore().readEvents(aggregateId).asStream()
                .map(e -> EventEnvelope.of(e, -1)).toList();
    }

    /** The global index of each of one aggregate's events, by event id ({@link #history} does not know them). */
    public Map<String, Long> globalIndexes(String aggregateId) {
        Map<String, Long> indexes = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select eventidentifier, globalindex from domainevententry where aggregateidentifier = ?")) {
            ps.setString(1, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getLong(2));
                }
            }
            return indexes;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event log", e);
        }
    }

    /** The global index of the newest event, -1 for an empty log. */
    public long head() {
        return query("select coalesce(max(globalindex), -1) from domainevententry", ps -> {
        }, rs -> rs.getLong(1)).orElse(-1L);
    }

    /** When the first event after {@code globalIndex} was appended: how long a consumer at that index lags. */
    public Optional<Instant> timeOfFirstAfter(long globalIndex) {
        return query("select timestamp from domainevententry where globalindex > ? order by globalindex limit 1",
                ps -> ps.setLong(1, globalIndex), rs -> Instant.parse(rs.getString(1)));
    }

    /** When the newest event at or below {@code globalIndex} was appended; empty when there is none. */
    public Optional<Instant> timeAt(long globalIndex) {
        return query("select timestamp from domainevententry where globalindex <= ? order by globalindex desc limit 1",
                ps -> ps.setLong(1, globalIndex), rs -> Instant.parse(rs.getString(1)));
    }

    public List<Watermarks.Watermark> watermarks() {
        try (Connection c = dataSource.getConnection()) {
            return Watermarks.all(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read watermarks", e);
        }
    }

    /** One consumer's watermark; empty before it has applied anything. */
    public Optional<Watermarks.Watermark> watermark(String consumer) {
        return watermarks().stream().filter(w -> w.consumer().equals(consumer)).findFirst();
    }

    public List<Watermarks.PartitionProgress> partitionProgress() {
        try (Connection c = dataSource.getConnection()) {
            return Watermarks.partitionProgress(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read partition progress", e);
        }
    }

    /** How many sequence gaps each consumer has reported (see {@code projection_gap}). */
    public Map<String, Long> gapCounts() {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select consumer, count(*) from projection_gap group by consumer"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sequence gaps", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event log", e);
        }
    }
}
