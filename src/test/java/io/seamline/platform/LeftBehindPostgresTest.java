package io.seamline.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A PostgreSQL running on a data directory is stopped only when the Seamline that started it is gone: one whose owner
 * still runs is never touched (the kill and restart of a real one is {@link StopAndRestartIT}).
 */
class LeftBehindPostgresTest {

    @TempDir
    Path dir;

    @Test
    void serverOfALiveSeamline_isLeftRunning_withAClearError() throws Exception {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir.resolve("postgres"), PortCheck.freePort())
                .start()) {
            assertThatThrownBy(() -> new LeftBehindPostgres(server.dataDir(), Duration.ofSeconds(5)).clear())
                    .isInstanceOf(StartupFailure.class)
                    .hasMessageContaining("belongs to Seamline process " + ProcessHandle.current().pid())
                    .hasMessageContaining("still running");
            assertAnswers(server);
        }
    }

    @Test
    void serverWhoseRecordedOwnerIsGone_butWhoseStarterHoldsItsLock_isLeftRunning() throws Exception {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir.resolve("postgres"), PortCheck.freePort())
                .start()) {
            PostgresOwner gone = finishedProcess();
            gone.writeTo(server.dataDir()); // a stale record; the process holding the starter's lock (this one) runs

            assertThatThrownBy(() -> new LeftBehindPostgres(server.dataDir(), Duration.ofSeconds(5)).clear())
                    .isInstanceOf(StartupFailure.class).hasMessageContaining("still running");
            assertAnswers(server);
        }
    }

    @Test
    void pidFileNamingAnotherProcess_isRemoved() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");

        Optional<String> done = new LeftBehindPostgres(data, Duration.ofSeconds(5)).clear();

        assertThat(done).hasValueSatisfying(line -> assertThat(line).startsWith("removed"));
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void nothingLeftBehind_nothingDone() throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        assertEquals(Optional.empty(), new LeftBehindPostgres(data, Duration.ofSeconds(5)).clear());
    }

    @Test
    void owner_isAliveOnlyWhileThatVeryProcessRuns() throws Exception {
        PostgresOwner self = PostgresOwner.self();
        self.writeTo(dir);

        assertEquals(Optional.of(self), PostgresOwner.readFrom(dir));
        assertThat(self.alive()).isTrue();
        assertThat(finishedProcess().alive()).as("a process that ended").isFalse();
        assertThat(new PostgresOwner(self.pid(), self.started().minusSeconds(60)).alive())
                .as("the same PID, started another time: a reused PID").isFalse();
    }

    private static PostgresOwner finishedProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        PostgresOwner owner = PostgresOwner.of(sleeper.toHandle());
        sleeper.destroyForcibly().waitFor();
        return owner;
    }

    private static void assertAnswers(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD)) {
            assertThat(c.isValid(5)).as("the server still answers").isTrue();
        }
    }
}
