package io.seamline.seam.monitor;

import io.seamline.seam.consume.ConsumerProgress;
import io.seamline.seam.consume.Quarantine;
import io.seamline.seam.contract.SeamContract;
import io.seamline.seam.contract.SeamContracts;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.log.TopicEnds;
import io.seamline.seam.log.TopicRecords;
import io.seamline.seam.log.Watermarks;
import io.seamline.seam.model.ReadModels;
import io.seamline.seam.model.StoredPositions;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures how far each consumer of the log lags its head, in events and in seconds (how long ago the oldest event
 * it has not applied was appended), against the freshness SLA its contract declares. The relay reads the log in
 * order, so its watermark is exact. A Kafka consumer is as fresh as the relay and its own slowest partition: its lag
 * in events is what the relay has not published plus the records between its position ({@link ConsumerProgress})
 * and each partition's end; its watermark (the "low watermark") is the last event applied on its slowest lagging
 * partition, or the relay's watermark when no partition lags. Its lag in seconds is the age of the oldest event it
 * has not applied: the first record after its position on each lagging partition ({@link TopicRecords}), or the first
 * event the relay has not published, whichever is older; a partition that was quiet for long does not make a record
 * that just arrived on it look old. Because the lag is the age of the oldest event not applied, a consumer that is
 * alive but stuck turns stale as surely as a dead one.
 * <p>
 * A consumer whose runner has reported no position yet (right after a start, while its group forms) is where its
 * model stored it ({@link StoredPositions}): a restarted service that was caught up is fresh from its first reading.
 * A position known only as an offset (where a runner resumed, a replay's new generation) stands after the event the
 * record before it carries, so its watermark is that event, not the start of the log.
 */
@ApplicationScoped
public class Freshness {

    /**
     * One seam's freshness against its SLA, measured on its consumer. {@code stalled}: it has lagged for longer than
     * its warn threshold and applied nothing in that time (or never, in this process). {@code quarantined}: records its consumer
     * refused. {@code health}: DOWN past the error threshold or without an SLA, DEGRADED when late, stalled or
     * quarantining, else UP.
     */
    public record ConsumerFreshness(String consumer, String seam, long watermark, Instant watermarkEventTime,
                                    long head, long lagEvents, double lagSeconds, Status status, boolean stalled,
                                    Duration warnAfter, Duration errorAfter, long sequenceGaps, long quarantined,
                                    Health health) {
    }

    public enum Health { UP, DEGRADED, DOWN }

    /** Against the SLA: OK, WARN after warn_after, ERROR after error_after; UNDECLARED when the contract has none. */
    public enum Status { OK, WARN, ERROR, UNDECLARED }

    static final String RELAY = "relay";

    private final EventLog log;
    private final TopicEnds topicEnds;
    private final ConsumerProgress progress;
    private final SeamContracts contracts;
    private final Quarantine quarantine;
    private final StoredPositions stored;
    private final TopicRecords topic;
    /** Consumers of models switched off by configuration: nothing feeds them, so they have no freshness to measure. */
    private final Set<String> switchedOff;
    /** The events of the records looked up, by partition and offset. */
    private final Map<PartitionOffset, Optional<Applied>> records = new ConcurrentHashMap<>();

    Freshness(EventLog log, TopicEnds topicEnds, ConsumerProgress progress, SeamContracts contracts,
              Quarantine quarantine, StoredPositions stored, TopicRecords topic, ReadModels models) {
        this.log = log;
        this.topicEnds = topicEnds;
        this.progress = progress;
        this.contracts = contracts;
        this.quarantine = quarantine;
        this.stored = stored;
        this.topic = topic;
        this.switchedOff = models.switchedOff();
    }

    /** The consumers whose freshness is measured: every seam whose contract names a consumer. */
    public List<String> consumers() {
        return contracts.all().stream().map(SeamContract::consumer).filter(c -> c != null).distinct().toList();
    }

    /** The seams whose freshness is measured (every seam but the synchronous ones). */
    public List<String> seams() {
        return contracts.all().stream().filter(c -> c.consumer() != null).map(SeamContract::seam).toList();
    }

    public List<ConsumerFreshness> current() {
        long head = log.head();
        Map<String, Long> gaps = log.gapCounts();
        Map<String, Long> quarantined = quarantine.countsByConsumer();
        Map<Integer, Long> ends = topicEnds.endOffsets();
        long relayed = log.watermark(RELAY).map(Watermarks.Watermark::lastGlobalIndex).orElse(-1L);
        Instant now = Instant.now();
        List<ConsumerFreshness> all = new ArrayList<>();
        Map<String, Position> positions = new HashMap<>(); // several seams (a warehouse's tables) share a consumer
        for (SeamContract contract : contracts.all()) {
            String consumer = contract.consumer();
            if (consumer == null || switchedOff.contains(consumer)) {
                continue; // a synchronous seam (command -> event store), or a model left unfed: no lag to measure
            }
            Position position = positions.computeIfAbsent(consumer, c -> c.equals(RELAY) ? relayPosition(head, relayed)
                    : position(c, head, relayed, ends, now));
            double lagSeconds = position.lagSeconds();
            Optional<SeamContract.FreshnessSla> sla = contract.freshness();
            Duration warnAfter = sla.map(SeamContract.FreshnessSla::warnAfter).orElse(null);
            Duration errorAfter = sla.map(SeamContract.FreshnessSla::errorAfter).orElse(null);
            // stuck, not merely slow: behind for longer than the warn threshold, and no batch applied in that time
            Duration patience = warnAfter == null ? Duration.ZERO : warnAfter;
            boolean stalled = !consumer.equals(RELAY) && lagSeconds * 1000 >= patience.toMillis()
                    && progress.lastAdvance(consumer).map(t -> Duration.between(t, now).compareTo(patience) >= 0)
                    .orElse(true);
            Status status = status(lagSeconds, warnAfter, errorAfter);
            long refused = quarantined.getOrDefault(consumer, 0L);
            all.add(new ConsumerFreshness(consumer, contract.seam(), position.watermark(), position.eventTime(), head,
                    position.lagEvents(), lagSeconds, status, stalled, warnAfter, errorAfter,
                    gaps.getOrDefault(consumer, 0L), refused, health(status, stalled, refused)));
        }
        return all;
    }

    private record Position(long watermark, Instant eventTime, long lagEvents, double lagSeconds) {
    }

    private Position relayPosition(long head, long relayed) {
        Instant time = log.watermark(RELAY).map(Watermarks.Watermark::lastEventTime).orElse(null);
        long lagEvents = Math.max(0, head - relayed);
        return new Position(relayed, time, lagEvents, lagSeconds(lagEvents, relayed, Instant.now()));
    }

    /** How long ago the first event after the watermark was appended: the age of the oldest event not applied. */
    private double lagSeconds(long lagEvents, long watermark, Instant now) {
        return lagEvents == 0 ? 0 : log.timeOfFirstAfter(watermark)
                .map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
    }

    private Position position(String consumer, long head, long relayed, Map<Integer, Long> ends, Instant now) {
        Map<Integer, ConsumerProgress.PartitionMark> marks = marks(consumer);
        long lagEvents = Math.max(0, head - relayed); // downstream of the relay: what it has not published is lag too
        long watermark = relayed;
        Instant eventTime = null;
        Instant oldestNotApplied = lagEvents > 0 ? log.timeOfFirstAfter(relayed).orElse(null) : null;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            ConsumerProgress.PartitionMark mark = marks.get(end.getKey());
            long next = mark == null ? 0 : mark.nextOffset();
            long behind = end.getValue() - next;
            if (behind > 0) {
                lagEvents += behind;
                long applied = mark == null ? -1 : mark.lastGlobalIndex();
                watermark = Math.min(watermark, applied);
                Instant firstNotApplied = recordAt(end.getKey(), next).map(Applied::time)
                        .or(() -> log.timeOfFirstAfter(applied)).orElse(null);
                if (firstNotApplied != null && (oldestNotApplied == null || firstNotApplied.isBefore(oldestNotApplied))) {
                    oldestNotApplied = firstNotApplied;
                }
            }
            if (mark != null && mark.lastEventTime() != null
                    && (eventTime == null || mark.lastEventTime().isAfter(eventTime))) {
                eventTime = mark.lastEventTime();
            }
        }
        double lagSeconds = lagEvents == 0 || oldestNotApplied == null ? 0
                : Math.max(0, Duration.between(oldestNotApplied, now).toMillis() / 1000.0);
        return new Position(watermark, eventTime, lagEvents, lagSeconds);
    }

    /**
     * The consumer's marks as its runner reported them, or where its model stored its position while it has reported
     * none; a mark known only by its offset is completed with the event of the record before that offset.
     */
    private Map<Integer, ConsumerProgress.PartitionMark> marks(String consumer) {
        Map<Integer, ConsumerProgress.PartitionMark> reported = progress.of(consumer);
        Map<Integer, ConsumerProgress.PartitionMark> marks = new HashMap<>();
        if (reported.isEmpty()) {
            stored.nextOffsets(consumer).forEach((partition, next) -> marks.put(partition,
                    new ConsumerProgress.PartitionMark(partition, next, -1, null)));
        } else {
            marks.putAll(reported);
            // among replicas, the partitions of a shared group that another replica holds move on only in the group
            // (with nothing reported, the stored position above is that group's already)
            stored.sharedProgress(consumer).forEach((partition, next) -> marks.merge(partition,
                    new ConsumerProgress.PartitionMark(partition, next, -1, null),
                    (known, shared) -> shared.nextOffset() > known.nextOffset() ? shared : known));
        }
        marks.replaceAll((partition, mark) -> mark.lastGlobalIndex() >= 0 || mark.nextOffset() == 0 ? mark
                : recordAt(partition, mark.nextOffset() - 1)
                .map(e -> new ConsumerProgress.PartitionMark(partition, mark.nextOffset(), e.globalIndex(), e.time()))
                .orElse(mark));
        return marks;
    }

    /** The event the record at {@code offset} of {@code partition} carries; looked up once, as records never change. */
    private Optional<Applied> recordAt(int partition, long offset) {
        if (offset < 0) {
            return Optional.empty();
        }
        if (records.size() > 4096) {
            records.clear(); // positions only move on: old entries are not asked for again
        }
        return records.computeIfAbsent(new PartitionOffset(partition, offset), at -> topic.at(partition, offset)
                .map(e -> new Applied(e.globalIndex(), e.timestamp())));
    }

    private record PartitionOffset(int partition, long offset) {
    }

    private record Applied(long globalIndex, Instant time) {
    }

    private static Health health(Status status, boolean stalled, long quarantined) {
        if (status == Status.ERROR || status == Status.UNDECLARED) {
            return Health.DOWN;
        }
        return status == Status.WARN || stalled || quarantined > 0 ? Health.DEGRADED : Health.UP;
    }

    private static Status status(double lagSeconds, Duration warnAfter, Duration errorAfter) {
        if (warnAfter == null || errorAfter == null) {
            return Status.UNDECLARED;
        }
        if (lagSeconds * 1000 >= errorAfter.toMillis()) {
            return Status.ERROR;
        }
        return lagSeconds * 1000 >= warnAfter.toMillis() ? Status.WARN : Status.OK;
    }
}
