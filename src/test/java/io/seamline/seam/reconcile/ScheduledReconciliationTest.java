package io.seamline.seam.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduledReconciliationTest {

    @Test
    void zeroOffOrNegative_turnTheScheduleOff_anyOtherDurationIsItsInterval() {
        assertEquals(Duration.ZERO, ScheduledReconciliation.every("0"));
        assertEquals(Duration.ZERO, ScheduledReconciliation.every("off"));
        assertEquals(Duration.ZERO, ScheduledReconciliation.every(" OFF "));
        assertEquals(Duration.ZERO, ScheduledReconciliation.every("-5s"));
        assertEquals(Duration.ofMinutes(5), ScheduledReconciliation.every("5m"));
        assertEquals(Duration.ofSeconds(90), ScheduledReconciliation.every("90"));
    }
}
