package io.seamline.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.bench.ServiceProcess;
import io.seamline.support.Directories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service with its embedded PostgreSQL and Kafka, as `make run` starts it (on free ports and a temporary
 * data directory): killed with SIGKILL it starts again with one command, and SIGTERM stops it, and its PostgreSQL,
 * within {@code seamline.shutdown.timeout} even while a consumer's batch is stuck in its store.
 */
class StopAndRestartIT {

    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration READY = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<ServiceProcess> launched = new ArrayList<>();
    private Path dataDir;
    private Map<String, String> settings;
    private int httpPort;
    private int postgresPort;

    @BeforeEach
    void freshDataAndPorts() throws IOException {
        assertThat(APP).as(APP + " (make test builds it first; else make build)").exists();
        dataDir = Files.createTempDirectory("seamline-restart-");
        httpPort = PortCheck.freePort();
        postgresPort = PortCheck.freePort();
        settings = Map.of("seamline.data.dir", dataDir.toString(), "seamline.seed", "none",
                "seamline.embedded.postgres.port", Integer.toString(postgresPort),
                "seamline.embedded.kafka.port", Integer.toString(PortCheck.freePort()),
                "seamline.embedded.kafka.controller-port", Integer.toString(PortCheck.freePort()),
                "seamline.shutdown.timeout", "10s");
    }

    @AfterEach
    void stopEverything() {
        launched.forEach(ServiceProcess::close);
        postmaster().ifPresent(ProcessHandle::destroyForcibly); // never leave a server behind, whatever failed
        Directories.deleteRecursively(dataDir);
    }

    @Test
    void killedService_startsAgainOnItsData_stoppingThePostgresItLeftRunning() throws Exception {
        ServiceProcess first = launch();
        String product = createProduct(first, "Kettle");
        ProcessHandle leftBehind = postmaster().orElseThrow();

        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly); // kill -9: no hook runs
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.alive());
        assertThat(leftBehind.isAlive()).as("the embedded PostgreSQL outlives a killed service").isTrue();

        ServiceProcess second = launch();
        assertThat(leftBehind.isAlive()).as("the server left behind was stopped").isFalse();
        assertThat(postmaster().orElseThrow().pid()).isNotEqualTo(leftBehind.pid());
        assertThat(second.tail(400)).contains("stopped the embedded PostgreSQL (PID " + leftBehind.pid() + ")");
        JsonNode kept = json(second.get("/api/products/" + product));
        assertThat(kept.path("title").asText()).as("the product made before the kill").isEqualTo("Kettle");
    }

    @Test
    void sigterm_whileAConsumersBatchIsStuck_stopsWithinTheBound_andStopsItsPostgres() throws Exception {
        ServiceProcess service = launch();
        String product = createProduct(service, "Teapot");
        ProcessHandle postgres = postmaster().orElseThrow();
        try (Connection holder = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/"
                + EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)) {
            // an operator's transaction holding the row store's table: the row store's next batch waits on it
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("lock table rowstore_product in exclusive mode");
            }
            send(service.request("/api/products/" + product)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Teapot, blue\"}")));
            await().atMost(Duration.ofMinutes(1)).until(() -> waitingOnALock(postgresPort));

            long signalled = System.nanoTime();
            ProcessHandle.of(service.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
            await().atMost(Duration.ofSeconds(10 + 15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !service.alive());
            double seconds = (System.nanoTime() - signalled) / 1e9;
            // pg_ctl's wait ends when the server has removed its pid file, a moment before its process ends
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(postgres.isAlive())
                    .as("the embedded PostgreSQL stopped with the service (which ended %.1f s after SIGTERM); its "
                            + "log:%n%s", seconds, service.tail(60)).isFalse());
        }
    }

    private ServiceProcess launch() {
        ServiceProcess service = ServiceProcess.launch(ServiceProcess.javaHome(), APP.toAbsolutePath(), httpPort,
                settings, List.of("-Xmx768m"), dataDir.resolve("service-" + (launched.size() + 1) + ".log"));
        launched.add(service);
        service.awaitHttp200("/q/health/ready", READY);
        return service;
    }

    /** Creates a product and waits until the row store answers it; returns its id. */
    private String createProduct(ServiceProcess service, String title) throws Exception {
        String body = "{\"sku\":\"RESTART-" + UUID.randomUUID() + "\",\"title\":\"" + title
                + "\",\"price\":{\"amount\":3.50,\"currency\":\"EUR\"}}";
        String id = json(send(service.request("/api/products")
                .POST(HttpRequest.BodyPublishers.ofString(body)))).path("id").asText();
        await().atMost(Duration.ofMinutes(1)).until(() -> service.status("/api/products/" + id) == 200);
        return id;
    }

    /** Sends a request made by {@link ServiceProcess#request} (its credentials); the answer's body, once it is a 2xx. */
    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(response.statusCode() + " " + response.body()).isEqualTo(2);
        return response.body();
    }

    /** The running postmaster its own pid file names. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }

    private static boolean waitingOnALock(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                + EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static JsonNode json(String body) throws IOException {
        return EventJson.mapper().readTree(body);
    }
}
