package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a projection that keeps its offsets with its data has got: the next Kafka offset per partition (where a
 * restart resumes) and the newest event applied (its watermark). It travels as a flat string map, the shape of a
 * Lucene commit's user data or a small properties file, so it is written in the same commit as the data.
 */
public record StoredPosition(Map<Integer, Long> nextOffsets, long lastGlobalIndex, Instant lastEventTime) {

    /** A projection that has applied nothing yet. */
    public static final StoredPosition START = new StoredPosition(Map.of(), -1, null);

    private static final String OFFSET_PREFIX = "kafka.offset.";
    private static final String GLOBAL_INDEX = "last.global.index";
    private static final String EVENT_TIME = "last.event.time";

    public StoredPosition {
        nextOffsets = Map.copyOf(nextOffsets);
    }

    /** The position after {@code batch} was applied on top of this one; events not read from Kafka move nothing. */
    public StoredPosition after(List<ConsumedEvent> batch) {
        Map<Integer, Long> offsets = new HashMap<>(nextOffsets);
        long globalIndex = lastGlobalIndex;
        Instant eventTime = lastEventTime;
        for (ConsumedEvent consumed : batch) {
            if (!consumed.fromKafka()) {
                continue; // a repair re-applying the event store's history: the Kafka position is where it was
            }
            offsets.merge(consumed.partition(), consumed.offset() + 1, Math::max);
            if (consumed.envelope().globalIndex() > globalIndex) {
                globalIndex = consumed.envelope().globalIndex();
                eventTime = consumed.envelope().timestamp();
            }
        }
        return new StoredPosition(offsets, globalIndex, eventTime);
    }

    /** The position past records read but not applied ({@code nextOffsets} per partition); the watermark stays. */
    public StoredPosition passing(Map<Integer, Long> next) {
        Map<Integer, Long> offsets = new HashMap<>(nextOffsets);
        next.forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
        return new StoredPosition(offsets, lastGlobalIndex, lastEventTime);
    }

    public Map<String, String> toStrings() {
        Map<String, String> strings = new TreeMap<>();
        nextOffsets.forEach((partition, offset) -> strings.put(OFFSET_PREFIX + partition, Long.toString(offset)));
        strings.put(GLOBAL_INDEX, Long.toString(lastGlobalIndex));
        if (lastEventTime != null) {
            strings.put(EVENT_TIME, lastEventTime.toString());
        }
        return strings;
    }

    /** Reads what {@link #toStrings()} wrote; a map without a position (a new store) is {@link #START}. */
    public static StoredPosition fromStrings(Map<String, String> strings) {
        if (!strings.containsKey(GLOBAL_INDEX)) {
            return START;
        }
        Map<Integer, Long> offsets = new HashMap<>();
        strings.forEach((key, value) -> {
            if (key.startsWith(OFFSET_PREFIX)) {
                offsets.put(Integer.parseInt(key.substring(OFFSET_PREFIX.length())), Long.parseLong(value));
            }
        });
        String eventTime = strings.get(EVENT_TIME);
        return new StoredPosition(offsets, Long.parseLong(strings.get(GLOBAL_INDEX)),
                eventTime == null ? null : Instant.parse(eventTime));
    }
}
