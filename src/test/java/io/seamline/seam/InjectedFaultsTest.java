package io.seamline.seam;

import io.seamline.domain.Conflict;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectedFaultsTest {

    @Test
    void disabled_refusesEveryFault_untilEnabled() {
        InjectedFaults faults = new InjectedFaults();

        assertThatThrownBy(() -> faults.stall("warehouse")).isInstanceOf(Conflict.class)
                .hasMessageContaining("/api/admin/faults/enable");
        assertThatThrownBy(() -> faults.drop(Set.of("search"), "p-1", "ProductDiscontinued"))
                .isInstanceOf(Conflict.class);
        assertFalse(faults.stalled("warehouse"));

        faults.enable();
        faults.stall("warehouse");

        assertTrue(faults.stalled("warehouse"));
        assertFalse(faults.stalled("search"));
    }
}
