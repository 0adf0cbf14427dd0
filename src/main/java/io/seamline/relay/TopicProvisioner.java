package io.seamline.relay;

import io.seamline.seam.Quarantine;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the event topic and its dead-letter topic when they are missing; leaves existing ones alone. */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    public static void ensure(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic wanted : List.of(new NewTopic(topic, partitions, (short) -1),
                    new NewTopic(Quarantine.deadLetterTopic(topic), 1, (short) -1))) {
                if (!existing.contains(wanted.name())) {
                    create(admin, wanted);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + topic + " on " + bootstrapServers, e);
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
}
