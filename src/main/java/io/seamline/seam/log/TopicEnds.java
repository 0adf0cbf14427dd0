package io.seamline.seam.log;

import io.quarkus.runtime.ShutdownEvent;
import io.seamline.platform.KafkaClients;
import io.seamline.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end offset of every partition of the event topic, now or at a past time, and where a consumer group committed
 * it was: how far a consumer has to go (or had to go) to be caught up.
 */
@ApplicationScoped
public class TopicEnds {

    private final KafkaClients kafka;
    private final String topic;
    private Admin admin;

    TopicEnds(KafkaClients kafka, PlatformConfig platform) {
        this.kafka = kafka;
        this.topic = platform.topic();
    }

    public Map<Integer, Long> endOffsets() {
        return offsets(OffsetSpec.latest());
    }

    /**
     * The end offsets the topic had at {@code at}: per partition the first offset of a record stamped after it (the
     * relay stamps records when it sends them), or the end offset when none is.
     */
    public Map<Integer, Long> endOffsetsAt(Instant at) {
        Map<Integer, Long> ends = endOffsets();
        offsets(OffsetSpec.forTimestamp(at.toEpochMilli() + 1)).forEach((partition, offset) -> {
            if (offset >= 0) {
                ends.put(partition, offset);
            }
        });
        return ends;
    }

    /**
     * The next offset per partition that consumer group {@code group} committed; a partition it committed nothing on
     * is absent (the group starts it from the beginning).
     */
    public synchronized Map<Integer, Long> committedOffsets(String group) {
        try {
            Map<Integer, Long> committed = new HashMap<>();
            admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> {
                        if (offset != null && tp.topic().equals(topic)) {
                            committed.put(tp.partition(), offset.offset());
                        }
                    });
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets group " + group + " committed", e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = kafka.admin();
        }
        return admin;
    }

    private synchronized Map<Integer, Long> offsets(OffsetSpec spec) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin().describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
            Map<Integer, Long> ends = new HashMap<>();
            admin().listOffsets(request).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading end offsets", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e);
        }
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
