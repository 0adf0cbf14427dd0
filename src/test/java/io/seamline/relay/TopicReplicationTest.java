package io.seamline.relay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topic settings are checked before anything is created: a min.insync.replicas no write could meet is refused. */
class TopicReplicationTest {

    @Test
    void minInsyncReplicasAboveTheReplicationFactor_isRefused() {
        assertThatThrownBy(() -> new TopicProvisioner.Replication((short) 1, 2))
                .hasMessageContaining("seamline.topic.min-insync-replicas").hasMessageContaining("acks=all");
        assertThatThrownBy(() -> new TopicProvisioner.Replication((short) 3, 0))
                .hasMessageContaining("seamline.topic.min-insync-replicas");
        assertThatThrownBy(() -> new TopicProvisioner.Replication((short) 0, 1))
                .hasMessageContaining("seamline.topic.replication-factor");
    }

    @Test
    void aClusterSetting_andTheBrokersDefault_areAccepted() {
        assertThat(new TopicProvisioner.Replication((short) 3, 2).minInsyncReplicas()).isEqualTo(2);
        assertThat(new TopicProvisioner.Replication((short) -1, 2).replicationFactor()).isEqualTo((short) -1);
    }
}
