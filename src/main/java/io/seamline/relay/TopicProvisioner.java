package io.seamline.relay;

import io.seamline.platform.KafkaClients;
import io.seamline.seam.consume.Quarantine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the event topic and its dead-letter topic when they are missing, with the configured replication factor and
 * {@code min.insync.replicas} (with {@code acks=all}, how many replicas hold a record before the relay counts it
 * sent); leaves existing ones alone, and warns when one's {@code min.insync.replicas} is not the configured one.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * How the topics are created: {@code replicationFactor} -1 takes the broker's {@code default.replication.factor};
     * {@code minInsyncReplicas} cannot exceed a replication factor that is set (no acks=all write could succeed).
     */
    public record Replication(short replicationFactor, int minInsyncReplicas) {

        /** What a single broker (the embedded one, a benchmark's) holds. */
        public static final Replication SINGLE_BROKER = new Replication((short) 1, 1);

        public Replication {
            if (replicationFactor == 0 || replicationFactor < -1) {
                throw new IllegalArgumentException("seamline.topic.replication-factor must be -1 (the broker's "
                        + "default) or at least 1, not " + replicationFactor);
            }
            if (minInsyncReplicas < 1 || replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("seamline.topic.min-insync-replicas must be between 1 and the "
                        + "replication factor " + replicationFactor + ", not " + minInsyncReplicas
                        + ": no acks=all write could succeed");
            }
        }
    }

    public static void ensure(KafkaClients kafka, String topic, int partitions, Replication replication) {
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, String> configs = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    Integer.toString(replication.minInsyncReplicas()));
            for (NewTopic wanted : List.of(new NewTopic(topic, partitions, replication.replicationFactor()),
                    new NewTopic(Quarantine.deadLetterTopic(topic), 1, replication.replicationFactor()))) {
                if (existing.contains(wanted.name())) {
                    warnIfOtherwise(admin, wanted.name(), replication.minInsyncReplicas());
                } else {
                    create(admin, wanted.configs(configs));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + topic + " on " + kafka.bootstrapServers(), e);
        }
    }

    private static void create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** An existing topic keeps its settings (changing them is the operator's call), but a difference is said. */
    private static void warnIfOtherwise(Admin admin, String topic, int minInsyncReplicas) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (entry != null && !Integer.toString(minInsyncReplicas).equals(entry.value())) {
            LOG.warnf("topic %s exists with min.insync.replicas=%s, not the configured %d; it is left as it is",
                    topic, entry.value(), minInsyncReplicas);
        }
    }
}
