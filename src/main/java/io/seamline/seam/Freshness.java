package io.seamline.seam;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures how far each consumer of the log lags its head, in events and in seconds (how long ago the
 * oldest event it has not applied was appended). The relay reads the log in order, so its watermark is
 * exact. A Kafka consumer is as fresh as the relay and its own slowest partition: its lag in events is
 * what the relay has not published plus the records between its position and each partition's end; its
 * watermark (the "low watermark") is the last event applied on its slowest lagging partition, or the
 * relay's watermark when no partition lags.
 */
@ApplicationScoped
public class Freshness {

    /** One consumer's freshness against its SLA. */
    public record ConsumerFreshness(String consumer, long watermark, Instant watermarkEventTime, long head,
                                    long lagEvents, double lagSeconds, Status status, long sequenceGaps) {
    }

    /** Freshness against the SLA: OK, WARN after {@code warn-after}, ERROR after {@code error-after}. */
    public enum Status { OK, WARN, ERROR }

    @ConfigProperty(name = "seamline.freshness.consumers", defaultValue = "relay,rowstore")
    List<String> consumers;
    @ConfigProperty(name = "seamline.freshness.warn-after", defaultValue = "5s")
    Duration warnAfter;
    @ConfigProperty(name = "seamline.freshness.error-after", defaultValue = "60s")
    Duration errorAfter;

    private final EventLog log;
    private final TopicEnds topicEnds;

    Freshness(EventLog log, TopicEnds topicEnds) {
        this.log = log;
        this.topicEnds = topicEnds;
    }

    /** The consumers whose freshness is measured. */
    public List<String> consumers() {
        return List.copyOf(consumers);
    }

    public List<ConsumerFreshness> current() {
        long head = log.head();
        Map<String, Watermarks.Watermark> marks = log.watermarks().stream()
                .collect(Collectors.toMap(Watermarks.Watermark::consumer, Function.identity()));
        Map<String, Long> gaps = log.gapCounts();
        Map<String, List<Watermarks.PartitionProgress>> progress = log.partitionProgress().stream()
                .collect(Collectors.groupingBy(Watermarks.PartitionProgress::consumer));
        Map<Integer, Long> ends = consumers.stream().anyMatch(c -> !c.equals(RELAY)) ? topicEnds.endOffsets() : Map.of();
        Watermarks.Watermark relayMark = marks.get(RELAY);
        long relayed = relayMark == null ? -1 : relayMark.lastGlobalIndex();
        Instant now = Instant.now();
        List<ConsumerFreshness> all = new ArrayList<>();
        for (String consumer : consumers) {
            Watermarks.Watermark mark = marks.get(consumer);
            long watermark;
            long lagEvents;
            if (consumer.equals(RELAY)) {
                watermark = mark == null ? -1 : mark.lastGlobalIndex();
                lagEvents = Math.max(0, head - watermark);
            } else {
                Map<Integer, Watermarks.PartitionProgress> byPartition = progress.getOrDefault(consumer, List.of())
                        .stream().collect(Collectors.toMap(Watermarks.PartitionProgress::partition, Function.identity()));
                // downstream of the relay: what it has not published yet is lag too
                lagEvents = Math.max(0, head - relayed);
                watermark = relayed;
                for (Map.Entry<Integer, Long> end : ends.entrySet()) {
                    Watermarks.PartitionProgress p = byPartition.get(end.getKey());
                    long behind = end.getValue() - (p == null ? 0 : p.nextOffset());
                    if (behind > 0) {
                        lagEvents += behind;
                        watermark = Math.min(watermark, p == null ? -1 : p.lastGlobalIndex());
                    }
                }
            }
            double lagSeconds = lagEvents == 0 ? 0 : log.timeOfFirstAfter(watermark)
                    .map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
            all.add(new ConsumerFreshness(consumer, watermark, mark == null ? null : mark.lastEventTime(), head,
                    lagEvents, lagSeconds, status(lagSeconds), gaps.getOrDefault(consumer, 0L)));
        }
        return all;
    }

    private static final String RELAY = "relay";

    private Status status(double lagSeconds) {
        if (lagSeconds * 1000 >= errorAfter.toMillis()) {
            return Status.ERROR;
        }
        return lagSeconds * 1000 >= warnAfter.toMillis() ? Status.WARN : Status.OK;
    }
}
