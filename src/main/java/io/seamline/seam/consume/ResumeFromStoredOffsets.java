package io.seamline.seam.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Positions each partition a consumer is assigned at the offset its projection stored with its data (or at the
 * beginning when it stored none), so a restart resumes exactly where the last durable commit ended, whatever
 * the group's offsets say.
 */
final class ResumeFromStoredOffsets implements ConsumerRebalanceListener {

    private final Consumer<?, ?> consumer;
    private final Supplier<Map<Integer, Long>> storedOffsets;

    public ResumeFromStoredOffsets(Consumer<?, ?> consumer, Supplier<Map<Integer, Long>> storedOffsets) {
        this.consumer = consumer;
        this.storedOffsets = storedOffsets;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        Map<Integer, Long> stored = storedOffsets.get();
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition.partition());
            if (offset == null) {
                fromStart.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!fromStart.isEmpty()) { // an empty collection would send every assigned partition back to the start
            consumer.seekToBeginning(fromStart);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }
}
