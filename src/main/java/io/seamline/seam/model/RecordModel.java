package io.seamline.seam.model;

import io.seamline.seam.ConsumedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A read model fed the topic's records as they are rather than decoded events: it lands each batch itself (judging
 * every record against the event contract and quarantining what breaks it) and folds it in stages of its own, as the
 * warehouse lands bronze and refines silver and gold. The shared loop polls it larger batches, tells it when the topic
 * is quiet, and after a failed batch has it start again from its files, as a restarted process would.
 */
public interface RecordModel extends ReadModel {

    /** The events a landing applied (its first stage: what the observers are told of), and when they were visible. */
    record Landed(List<ConsumedEvent> events, Instant at) {
    }

    /**
     * Lands a batch (in offset order per partition) durably with its position; {@code lagging} are the partitions
     * known to hold records not read yet.
     */
    Landed land(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws Exception;

    /** The topic had nothing new: finish what waited for more records ({@code lagging} as for {@link #land}). */
    void idle(Set<Integer> lagging) throws Exception;

    /** A batch failed: drop what is held in memory and open again from the files. */
    void recover() throws Exception;

    /** Records per batch at most. */
    int maxBatch();

    /** How long a batch that has records waits for more before it is landed. */
    Duration linger();

    /** Never called: the loop hands this model records ({@link #land}). */
    @Override
    default void apply(List<ConsumedEvent> batch) {
        throw new UnsupportedOperationException(name() + " lands the topic's records, not decoded events");
    }
}
