package io.seamline.platform;

import io.seamline.support.Directories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded servers themselves: durable PostgreSQL settings, the switch to already-running servers by
 * configuration (nothing embedded starts), and one clear line for a busy port or a corrupt data dir.
 */
class EmbeddedServersIT {

    private static Path dir;
    private static EmbeddedInfra running;

    @BeforeAll
    static void startServers() throws IOException {
        dir = Files.createTempDirectory("seamline-servers-");
        running = EmbeddedInfra.start(dir.resolve("running"), PortCheck.freePort(), PortCheck.freePort(),
                PortCheck.freePort());
    }

    @AfterAll
    static void stopServers() {
        running.close();
        Directories.deleteRecursively(dir);
    }

    @Test
    void postgres_started_isDurable() throws Exception {
        try (Connection c = DriverManager.getConnection(running.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            for (String setting : new String[]{"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = s.executeQuery("show " + setting)) {
                    rs.next();
                    assertEquals("on", rs.getString(1), setting);
                }
            }
        }
    }

    @Test
    void launch_pointedAtRunningServers_startsNothingEmbedded() {
        Path otherDataDir = dir.resolve("external-launch");
        Map<String, String> settings = Map.of(
                "seamline.data.dir", otherDataDir.toString(),
                "seamline.datasource.url", running.postgres().jdbcUrl(),
                "kafka.bootstrap.servers", running.kafka().bootstrapServers(),
                "quarkus.http.port", Integer.toString(PortCheck.freePort()));
        LaunchPlan plan = LaunchPlan.from(key -> Optional.ofNullable(settings.get(key)), false);
        try (EmbeddedInfra infra = plan.start()) {
            assertThat(infra.empty()).isTrue();
            assertThat(infra.config()).isEmpty();
        }
        assertThat(otherDataDir.resolve("postgres")).doesNotExist();
        assertThat(otherDataDir.resolve("kafka")).doesNotExist();
        assertEquals(running.postgres().jdbcUrl(), plan.serviceConfig().get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void postgres_busyPort_failsWithOneLineNamingIt() throws IOException {
        try (ServerSocket busy = new ServerSocket(0)) {
            assertThatThrownBy(() -> EmbeddedInfra.start(dir.resolve("busy"), busy.getLocalPort(), null, 0))
                    .isInstanceOf(StartupFailure.class)
                    .hasMessage("port " + busy.getLocalPort() + " for embedded PostgreSQL is already in use: "
                            + "stop what holds it or set a different port (see README, Configuration)")
                    .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        }
    }

    @Test
    void postgres_corruptDataDir_failsNamingIt() throws IOException {
        Path data = dir.resolve("corrupt-pg");
        Files.createDirectories(data.resolve("postgres/global"));
        assertThatThrownBy(() -> EmbeddedInfra.start(data, PortCheck.freePort(), null, 0))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("is corrupt").hasMessageContaining("postgres");
    }

    @Test
    void kafka_corruptLogDir_failsNamingIt() throws IOException {
        Path data = dir.resolve("corrupt-kafka");
        Files.createDirectories(data.resolve("kafka/logs/seamline.events-0"));
        assertThatThrownBy(() -> EmbeddedInfra.start(data, null, PortCheck.freePort(), PortCheck.freePort()))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("is corrupt").hasMessageContaining("kafka");
    }

    @Test
    void postgres_restartedOnItsDataDir_keepsData() throws Exception {
        Path data = dir.resolve("restart");
        int port = PortCheck.freePort();
        try (EmbeddedInfra first = EmbeddedInfra.start(data, port, null, 0);
             Connection c = DriverManager.getConnection(first.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("create table kept (v int); insert into kept values (42)");
        }
        try (EmbeddedInfra second = EmbeddedInfra.start(data, port, null, 0);
             Connection c = DriverManager.getConnection(second.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select v from kept")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        }
    }
}
