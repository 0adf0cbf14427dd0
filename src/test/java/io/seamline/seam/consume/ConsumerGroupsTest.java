package io.seamline.seam.consume;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumerGroupsTest {

    @Test
    void groups_noReplicaId_areNamedAsTheirConsumerAsASingleInstanceAlwaysWas() {
        ConsumerGroups single = new ConsumerGroups(Optional.empty());

        assertEquals("rowstore", single.shared("rowstore"));
        assertEquals("search", single.perReplica("search"));
    }

    @Test
    void groups_replicaId_giveEachReplicaItsOwnGroupOnlyForModelsInItsOwnDirectory() {
        ConsumerGroups replica = new ConsumerGroups(Optional.of("r2"));

        assertEquals("rowstore", replica.shared("rowstore"));
        assertEquals("search.r2", replica.perReplica("search"));
        assertEquals("warehouse.r2", replica.perReplica("warehouse"));
    }

    @Test
    void groups_replicaIdWithCharactersOutsideTheRule_areRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ConsumerGroups(Optional.of("r 1/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seamline.replica.id");
        assertThatThrownBy(() -> new ConsumerGroups(Optional.of("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seamline.replica.id");
    }
}
