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
 * Measures how far each consumer of the log lags its head: in events (head minus watermark) and in
 * seconds (how long ago the oldest event it has not applied was appended). Zero lag means caught up.
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

    Freshness(EventLog log) {
        this.log = log;
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
        Instant now = Instant.now();
        List<ConsumerFreshness> all = new ArrayList<>();
        for (String consumer : consumers) {
            Watermarks.Watermark mark = marks.get(consumer);
            long watermark = mark == null ? -1 : mark.lastGlobalIndex();
            long lagEvents = Math.max(0, head - watermark);
            double lagSeconds = lagEvents == 0 ? 0 : log.timeOfFirstAfter(watermark)
                    .map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
            all.add(new ConsumerFreshness(consumer, watermark, mark == null ? null : mark.lastEventTime(), head,
                    lagEvents, lagSeconds, status(lagSeconds), gaps.getOrDefault(consumer, 0L)));
        }
        return all;
    }

    private Status status(double lagSeconds) {
        if (lagSeconds * 1000 >= errorAfter.toMillis()) {
            return Status.ERROR;
        }
        return lagSeconds * 1000 >= warnAfter.toMillis() ? Status.WARN : Status.OK;
    }
}
