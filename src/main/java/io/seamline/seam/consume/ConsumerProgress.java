package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every consumer of the log is, per partition, as its runner reports it: the next offset it will read and
 * the last event it applied there. Kept in memory: a restarted consumer reports its resume offsets on assignment,
 * so freshness never needs the consumers' own stores (an index commit, a manifest, a table) to be readable.
 */
@ApplicationScoped
public class ConsumerProgress implements ConsumerObserver {

    /** A consumer's position on one partition; lastGlobalIndex is -1 until it applies an event there. */
    public record PartitionMark(int partition, long nextOffset, long lastGlobalIndex, Instant lastEventTime) {
    }

    private final Map<String, Map<Integer, PartitionMark>> marks = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastAdvance = new ConcurrentHashMap<>();

    @Override
    public void assigned(String consumer, Map<Integer, Long> nextOffsets) {
        Map<Integer, PartitionMark> mine = marks.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>());
        nextOffsets.forEach((partition, next) -> mine.merge(partition, new PartitionMark(partition, next, -1, null),
                (known, fresh) -> known.nextOffset() == next ? known : fresh));
    }

    @Override
    public void read(String consumer, Map<Integer, Long> nextOffsets) {
        Map<Integer, PartitionMark> mine = marks.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>());
        nextOffsets.forEach((partition, next) -> mine.merge(partition, new PartitionMark(partition, next, -1, null),
                (known, fresh) -> next > known.nextOffset()
                        ? new PartitionMark(partition, next, known.lastGlobalIndex(), known.lastEventTime()) : known));
    }

    @Override
    public void applied(String consumer, List<ConsumedEvent> batch, Instant at) {
        Map<Integer, ConsumedEvent> lastPerPartition = new TreeMap<>();
        for (ConsumedEvent event : batch) {
            lastPerPartition.merge(event.partition(), event, (a, b) -> b.offset() > a.offset() ? b : a);
        }
        Map<Integer, PartitionMark> mine = marks.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>());
        lastPerPartition.forEach((partition, last) -> mine.merge(partition,
                new PartitionMark(partition, last.offset() + 1, last.envelope().globalIndex(), last.envelope().timestamp()),
                (known, fresh) -> fresh.nextOffset() >= known.nextOffset() ? fresh : known));
        lastAdvance.put(consumer, at);
    }

    /** The consumer's marks by partition; empty before it was assigned any. */
    public Map<Integer, PartitionMark> of(String consumer) {
        return Map.copyOf(marks.getOrDefault(consumer, Map.of()));
    }

    /** When the consumer last applied a batch in this process. */
    public Optional<Instant> lastAdvance(String consumer) {
        return Optional.ofNullable(lastAdvance.get(consumer));
    }
}
