package io.seamline.relay;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.platform.KafkaClients;
import io.seamline.seam.consume.Quarantine;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event topic and its dead-letter topic were created with the configured replication: read back from the broker,
 * their min.insync.replicas is the configured one, set on the topic itself rather than left to the broker's default.
 */
@QuarkusTest
class TopicProvisioningIT {

    @Inject
    KafkaClients kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;
    @ConfigProperty(name = "seamline.topic.min-insync-replicas")
    int minInsyncReplicas;
    @ConfigProperty(name = "seamline.topic.replication-factor")
    short replicationFactor;

    @Test
    void theServicesTopics_haveTheConfiguredMinInsyncReplicas_setOnTheTopic() throws Exception {
        try (Admin admin = kafka.admin()) {
            for (String name : List.of(topic, Quarantine.deadLetterTopic(topic))) {
                ConfigEntry entry = minInsync(admin, name);
                assertThat(entry.value()).as(name).isEqualTo(Integer.toString(minInsyncReplicas));
                assertThat(entry.source()).as(name).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                assertThat(admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name)
                        .partitions()).as(name).allSatisfy(p -> assertThat(p.replicas()).hasSize(replicationFactor));
            }
        }
    }

    @Test
    void aTopicProvisionedWithReplicationSettings_carriesThem_andProvisioningAgainLeavesItAlone() throws Exception {
        String fresh = "provisioned-" + UUID.randomUUID();
        TopicProvisioner.Replication replication = new TopicProvisioner.Replication((short) 1, 1);

        TopicProvisioner.ensure(kafka, fresh, 3, replication);
        TopicProvisioner.ensure(kafka, fresh, 3, replication);

        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of(fresh)).allTopicNames().get(30, TimeUnit.SECONDS).get(fresh)
                    .partitions()).hasSize(3);
            for (String name : List.of(fresh, Quarantine.deadLetterTopic(fresh))) {
                ConfigEntry entry = minInsync(admin, name);
                assertThat(entry.value()).as(name).isEqualTo("1");
                assertThat(entry.source()).as(name).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
            admin.deleteTopics(List.of(fresh, Quarantine.deadLetterTopic(fresh))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static ConfigEntry minInsync(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }
}
