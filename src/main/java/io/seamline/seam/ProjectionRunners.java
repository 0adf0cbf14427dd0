package io.seamline.seam;

import io.quarkus.arc.All;
import io.seamline.platform.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the runner of each consumer of the log: on the configured topic and brokers, reporting to every
 * {@link ConsumerObserver} and subject to the armed {@link ConsumerFaults}.
 */
@ApplicationScoped
public class ProjectionRunners {

    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;

    private final List<ConsumerObserver> observers;
    private final Instance<ConsumerFaults> faults;
    private final KafkaClients kafka;

    ProjectionRunners(@All List<ConsumerObserver> observers, Instance<ConsumerFaults> faults, KafkaClients kafka) {
        this.observers = observers;
        this.faults = faults;
        this.kafka = kafka;
    }

    /** A runner that resumes where the group's committed offsets say (the projection stores them nowhere else). */
    public ProjectionRunner create(String group, ProjectionRunner.BatchHandler handler) {
        return new ProjectionRunner(group, topic, kafka, handler, null, observers, faults());
    }

    /**
     * A runner for a projection that stores its offsets with its data (an index commit, a manifest): each
     * partition it is assigned resumes at {@code storedOffsets} (from the beginning when it has none), and the
     * group's committed offsets are only a copy for monitoring.
     */
    public ProjectionRunner resumingFrom(Supplier<Map<Integer, Long>> storedOffsets, String group,
                                         ProjectionRunner.BatchHandler handler) {
        return new ProjectionRunner(group, topic, kafka, handler, storedOffsets, observers, faults());
    }

    public String topic() {
        return topic;
    }

    /**
     * A consumer of the log outside any group, taking up to {@code maxPollRecords} a poll: for reading the topic whole
     * (a rebuild) without disturbing a live consumer's group.
     */
    public KafkaConsumer<String, byte[]> reader(int maxPollRecords) {
        return kafka.consumer(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private ConsumerFaults faults() {
        return faults.isResolvable() ? faults.get() : ConsumerFaults.NONE;
    }
}
