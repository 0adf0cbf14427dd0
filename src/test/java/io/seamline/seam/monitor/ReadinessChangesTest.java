package io.seamline.seam.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessChangesTest {

    private final ReadinessChanges changes = new ReadinessChanges();

    @Test
    void sameState_everySecond_logsNothing() {
        assertThat(changes.next(List.of(ok("rowstore"), ok("search")))).isEmpty();
        assertThat(changes.next(List.of(ok("rowstore"), ok("search")))).isEmpty();
    }

    @Test
    void seamGoingDown_logsOnce_namingIt_thenItsRecovery() {
        Optional<ReadinessChanges.Change> down = changes.next(List.of(ok("rowstore"), error("search", 7.5)));
        assertThat(down).isPresent();
        assertThat(down.get().down()).isTrue();
        assertThat(down.get().message()).startsWith("readiness DOWN: search ERROR").contains("7.5 s")
                .doesNotContain("rowstore");

        // still down, lag growing: the probe every second logs nothing more
        assertThat(changes.next(List.of(ok("rowstore"), error("search", 8.5)))).isEmpty();
        assertThat(changes.next(List.of(ok("rowstore"), error("search", 9.5)))).isEmpty();

        Optional<ReadinessChanges.Change> up = changes.next(List.of(ok("rowstore"), ok("search")));
        assertThat(up).isPresent();
        assertThat(up.get().down()).isFalse();
        assertThat(up.get().message()).isEqualTo("readiness UP: search is back within the freshness SLA");
        assertThat(changes.next(List.of(ok("rowstore"), ok("search")))).isEmpty();
    }

    @Test
    void secondSeamGoingDown_whileDown_logsThatSeam_andOneRecovering_saysWhichIsStillDown() {
        changes.next(List.of(error("rowstore", 70), ok("search")));

        Optional<ReadinessChanges.Change> both = changes.next(List.of(error("rowstore", 71), error("search", 6)));
        assertThat(both).isPresent();
        assertThat(both.get().message()).startsWith("readiness DOWN: search ERROR").doesNotContain("rowstore");

        Optional<ReadinessChanges.Change> one = changes.next(List.of(error("rowstore", 72), ok("search")));
        assertThat(one).isPresent();
        assertThat(one.get().down()).isTrue();
        assertThat(one.get().message())
                .isEqualTo("readiness DOWN: search is back within the freshness SLA (still: rowstore)");
    }

    @Test
    void warnOrStalled_doNotDecideReadiness_soLogNothing() {
        Freshness.ConsumerFreshness warn = freshness("search", 1.0, Freshness.Status.WARN);
        assertThat(changes.next(List.of(warn))).isEmpty();
    }

    @Test
    void undeclaredSla_holdsReadinessDown() {
        Freshness.ConsumerFreshness undeclared = freshness("categories", 0, Freshness.Status.UNDECLARED);
        assertThat(changes.next(List.of(undeclared))).get()
                .isEqualTo(new ReadinessChanges.Change(true, "readiness DOWN: categories declares no freshness SLA"));
    }

    private static Freshness.ConsumerFreshness ok(String seam) {
        return freshness(seam, 0, Freshness.Status.OK);
    }

    private static Freshness.ConsumerFreshness error(String seam, double lagSeconds) {
        return freshness(seam, lagSeconds, Freshness.Status.ERROR);
    }

    private static Freshness.ConsumerFreshness freshness(String seam, double lagSeconds, Freshness.Status status) {
        Freshness.Health health = status == Freshness.Status.OK ? Freshness.Health.UP
                : status == Freshness.Status.WARN ? Freshness.Health.DEGRADED : Freshness.Health.DOWN;
        return new Freshness.ConsumerFreshness(seam, seam, 10, null, 20, lagSeconds > 0 ? 10 : 0, lagSeconds, status,
                false, Duration.ofSeconds(1), Duration.ofSeconds(5), 0, 0, health);
    }
}
