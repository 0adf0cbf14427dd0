package io.seamline.seam.consume;

import io.quarkus.arc.All;
import io.seamline.platform.KafkaClients;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.fault.ConsumerFaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the runner of each consumer of the log: on the configured topic and brokers, reporting to every
 * {@link ConsumerObserver}, subject to the armed {@link ConsumerFaults}, and retrying as configured
 * ({@link ApplyRetries}); and the reader a rebuild reads the whole topic with.
 */
@ApplicationScoped
public class ProjectionRunners {

    private final List<ConsumerObserver> observers;
    private final Instance<ConsumerFaults> faults;
    private final KafkaClients kafka;
    private final String topic;
    private final ApplyRetries retries;
    private final ConsumersConfig config;
    private final ConsumerGroups groups;

    ProjectionRunners(@All List<ConsumerObserver> observers, Instance<ConsumerFaults> faults, KafkaClients kafka,
                      PlatformConfig platform, ConsumersConfig config, ConsumerGroups groups) {
        this.groups = groups;
        this.topic = platform.topic();
        this.retries = config.retries();
        this.config = config;
        this.observers = observers;
        this.faults = faults;
        this.kafka = kafka;
    }

    /**
     * A runner that resumes where the group's committed offsets say (the projection stores them nowhere else);
     * {@code store} answers whether the projection's store can take writes at all. Its store is shared, so every
     * replica joins the same group ({@link ConsumerGroups#shared}).
     */
    public ProjectionRunner create(String group, ProjectionRunner.BatchHandler handler,
                                   ProjectionRunner.StoreCheck store) {
        return new ProjectionRunner(group, groups.shared(group), topic, kafka, handler, store, null, null, observers,
                faults(), retries(), fetch(group));
    }

    /**
     * A runner for a projection that stores its offsets with its data (an index commit, a manifest): each
     * partition it is assigned resumes at {@code storedOffsets} (from the beginning when it has none), and the
     * group's committed offsets are only a copy for monitoring. {@code passedOver} moves that stored position past
     * records settled without being applied. Its store is this replica's own, so it needs every partition: a group of
     * its own per replica ({@link ConsumerGroups#perReplica}).
     */
    public ProjectionRunner resumingFrom(Supplier<Map<Integer, Long>> storedOffsets,
                                         ProjectionRunner.PassedOver passedOver, String group,
                                         ProjectionRunner.BatchHandler handler, ProjectionRunner.StoreCheck store) {
        return new ProjectionRunner(group, groups.perReplica(group), topic, kafka, handler, store, storedOffsets,
                passedOver, observers, faults(), retries(), fetch(group));
    }

    /**
     * A runner handing {@code landing} the topic's records as they are, resuming where its own files say
     * ({@code storedOffsets}), in a group of its own per replica.
     */
    public ProjectionRunner landing(String group, Supplier<Map<Integer, Long>> storedOffsets,
                                    ProjectionRunner.StoreCheck store, RecordLanding landing) {
        return new ProjectionRunner(group, groups.perReplica(group), topic, kafka, store, storedOffsets, observers,
                faults(), retries(), fetch(group), landing);
    }

    /** How every consumer of the log retries what fails to apply: {@code seamline.consumers.*}. */
    @Produces
    @Singleton
    public ApplyRetries retries() {
        return retries;
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

    /** The fetch settings of consumer group {@code group}, and how long its members' sessions last. */
    Map<String, Object> fetch(String group) {
        Map<String, Object> settings = new HashMap<>(config.fetch().get(group).consumerSettings());
        long session = config.sessionTimeout().toMillis();
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3_000, session / 3));
        return settings;
    }

    private ConsumerFaults faults() {
        return faults.isResolvable() ? faults.get() : ConsumerFaults.NONE;
    }
}
