package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the consumer loop hands the topic's records to as they are, instead of decoding them: the receiver lands each
 * batch itself (judging every record against the event contract and quarantining what breaks it), is told when the
 * topic is quiet, and after a failed batch starts again from its files, as a restarted process would.
 */
public interface RecordLanding {

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
}
