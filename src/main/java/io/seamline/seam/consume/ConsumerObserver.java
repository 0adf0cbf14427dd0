package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
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

    /**
     * {@code events} reached a later stage of a read model at {@code at}: a warehouse's silver and gold, named as hops
     * (see the propagation trace).
     */
    default void reached(String hop, List<EventEnvelope> events, Instant at) {
    }

    /**
     * The consumer is done with everything before these offsets (applied, refused, or lost to an injected fault):
     * they are what it commits.
     */
    default void read(String consumer, Map<Integer, Long> nextOffsets) {
    }

    /**
     * The consumer's {@link SequenceGuard} skipped {@code events} events of a batch it applied: redeliveries or events
     * older than what it holds, which changed nothing.
     */
    default void skipped(String consumer, long events) {
    }

    /**
     * A batch the consumer read (per partition from {@code fromOffsets} up to the next offsets {@code nextOffsets})
     * failed to apply at {@code at} with {@code cause}; it is tried again.
     */
    default void failed(String consumer, Map<Integer, Long> fromOffsets, Map<Integer, Long> nextOffsets,
                        Exception cause, Instant at) {
    }

    /** The consumer refused a record it could not read as the event contract says; it goes on with the rest. */
    default void refused(String consumer, ConsumerRecord<String, byte[]> record, String reason) {
    }
}
