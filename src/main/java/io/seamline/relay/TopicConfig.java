package io.seamline.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the relay creates the event topic and its dead-letter topic when missing, {@code seamline.topic.*}. */
@ConfigMapping(prefix = "seamline.topic")
public interface TopicConfig {

    /** Partitions of a topic the relay creates. */
    @WithDefault("6")
    int partitions();

    /** Replication factor of a topic the relay creates (-1: the broker's {@code default.replication.factor}). */
    @WithDefault("1")
    short replicationFactor();

    /** {@code min.insync.replicas} of a topic the relay creates: replicas holding a record before it counts as sent. */
    @WithDefault("1")
    int minInsyncReplicas();

    /** These settings as the replication the provisioner asks for. */
    default TopicProvisioner.Replication replication() {
        return new TopicProvisioner.Replication(replicationFactor(), minInsyncReplicas());
    }
}
