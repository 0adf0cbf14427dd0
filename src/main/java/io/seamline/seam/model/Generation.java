package io.seamline.seam.model;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read model's store being rebuilt from the log beside the live one: fed the whole topic, then swapped in while
 * the live consumer is paused; closing a generation that was not swapped in throws it away. The previous live
 * store is kept until the next rebuild. One that can also be filled from the event store is an {@link EventStoreFill}.
 */
public interface Generation extends AutoCloseable {

    /** Folds records read from the topic ({@code lagging}: the partitions still holding records before the end of this pass). */
    void write(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws Exception;

    /** Records per {@link #write}: what one commit of the generation holds at most. */
    default int batchSize() {
        return 5_000;
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
