package io.seamline.seam.model;

import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.ProjectionRunner;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read model's store being rebuilt from the log beside the live one: fed the whole topic, then swapped in while
 * the live consumer is paused; closing a generation that was not swapped in throws it away. The previous live
 * store is kept until the next rebuild.
 */
public interface Generation extends AutoCloseable {

    /**
     * Folds records read from the topic ({@code lagging}: the partitions still holding records before the end of
     * this pass). By default the records are decoded as the live consumer decodes them and applied; a record it
     * cannot read was quarantined by the live consumer already and is skipped.
     */
    default void write(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws Exception {
        List<ConsumedEvent> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            ProjectionRunner.readable(record).ifPresent(batch::add);
        }
        if (!batch.isEmpty()) {
            apply(batch);
        }
    }

    /** Applies decoded events, as the live model would. */
    void apply(List<ConsumedEvent> batch) throws Exception;

    /** Records per {@link #write}: what one commit of the generation holds at most. */
    default int batchSize() {
        return 5_000;
    }

    /** Whether it can be filled from the event store instead of the topic (when retention has deleted its start). */
    default boolean fillsFromEventStore() {
        return false;
    }

    /**
     * Folds the whole event store; every record before {@code covered} (offsets per partition, taken before the
     * event store was read) is then in the generation. Returns how many events it folded.
     */
    default long fillFromEventStore(Map<Integer, Long> covered) throws Exception {
        throw new UnsupportedOperationException("this read model is rebuilt from the topic only");
    }

    /** Makes it the live store; called once the live consumer is paused and the tail is written. */
    void swapIn() throws Exception;

    /** What the rebuild produced, for its job's outcome (products indexed, the generation's name...). */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** Releases it; throws it away unless it was swapped in. */
    @Override
    void close() throws Exception;
}
