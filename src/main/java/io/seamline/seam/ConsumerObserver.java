package io.seamline.seam;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the seam learns from every consumer of the log as it runs: where each partition starts, which events each
 * batch applied and when, and which records it refused. Freshness, the propagation trace and the quarantine listen
 * here, so no consumer reports to them on its own.
 */
public interface ConsumerObserver {

    /** The consumer was given these partitions and resumes at these offsets. */
    default void assigned(String consumer, Map<Integer, Long> nextOffsets) {
    }

    /** The consumer applied {@code batch} (its result is visible to readers) at {@code at}. */
    default void applied(String consumer, List<ConsumedEvent> batch, Instant at) {
    }

    /** The consumer refused a record it could not read as the event contract says; it goes on with the rest. */
    default void refused(String consumer, ConsumerRecord<String, byte[]> record, String reason) {
    }
}
