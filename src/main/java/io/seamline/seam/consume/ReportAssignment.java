package io.seamline.seam.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tells the observers where each partition a consumer is assigned resumes, after the projection positioned it. */
final class ReportAssignment implements ConsumerRebalanceListener {

    private final Consumer<?, ?> consumer;
    private final String group;
    private final List<ConsumerObserver> observers;
    private final ConsumerRebalanceListener positioning;

    /** {@code positioning} seeks the partitions first (null when the group's offsets are where to resume). */
    public ReportAssignment(Consumer<?, ?> consumer, String group, List<ConsumerObserver> observers,
                            ConsumerRebalanceListener positioning) {
        this.consumer = consumer;
        this.group = group;
        this.observers = observers;
        this.positioning = positioning;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (positioning != null) {
            positioning.onPartitionsAssigned(partitions);
        }
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition partition : partitions) {
            next.put(partition.partition(), consumer.position(partition));
        }
        for (ConsumerObserver observer : observers) {
            observer.assigned(group, next);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }
}
