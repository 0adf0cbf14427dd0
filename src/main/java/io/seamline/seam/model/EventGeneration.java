package io.seamline.seam.model;

import io.seamline.seam.consume.ProjectionRunner;
import io.seamline.seam.event.ConsumedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The generation of an {@link EventModel}: records are decoded as the live consumer decodes them, then applied. */
public interface EventGeneration extends Generation {

    /** A record the live consumer could not read was quarantined by it already, and is skipped here. */
    @Override
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
}
