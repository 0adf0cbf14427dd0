package io.seamline.seamcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.bench.ServiceProcess;
import io.seamline.platform.EmbeddedInfra;
import io.seamline.platform.PortCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The platform as a user runs it, with its parts in separate hands so a harness can break them one at a time: the
 * embedded PostgreSQL and Kafka in this process (a broker restart is {@link #restartKafka()}), the packaged service
 * as a child process pointed at them (a crash is {@link #killService()}).
 */
public final class LivePlatform implements AutoCloseable {

    /** An HTTP answer: status and JSON body (null when the body is not JSON). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedInfra infra;
    private final Path appJar;
    private final Path workDir;
    private final Map<String, String> properties;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private ServiceProcess service;
    private int launches;

    private LivePlatform(EmbeddedInfra infra, Path appJar, Path workDir, Map<String, String> properties,
                         Consumer<String> log) {
        this.infra = infra;
        this.appJar = appJar;
        this.workDir = workDir;
        this.properties = properties;
        this.log = log;
    }

    /**
     * Starts PostgreSQL and Kafka under {@code workDir} (emptied first) and the service on them, with {@code extra}
     * settings; returns once the service is live.
     */
    public static LivePlatform start(Path project, Path workDir, Map<String, String> extra, Consumer<String> log)
            throws IOException {
        Path appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` first");
        }
        io.seamline.support.Directories.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        EmbeddedInfra infra = EmbeddedInfra.start(workDir.resolve("infra"), PortCheck.freePort(), PortCheck.freePort(),
                PortCheck.freePort());
        Map<String, String> props = new LinkedHashMap<>(infra.config());
        props.put("seamline.seed", "none");
        props.put("seamline.data.dir", workDir.resolve("service").toString());
        props.put("quarkus.http.port", Integer.toString(PortCheck.freePort()));
        props.putAll(extra);
        LivePlatform platform = new LivePlatform(infra, appJar, workDir, props, log);
        try {
            platform.launchService();
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /** Launches the service again on the same data (after a kill or stop); returns once it is live. */
    public void launchService() {
        Path javaHome = ServiceProcess.javaHome();
        int port = Integer.parseInt(properties.get("quarkus.http.port"));
        launches++;
        service = ServiceProcess.launch(javaHome, appJar, port,
                properties, List.of("-Xmx1g"), workDir.resolve("service-" + launches + ".log"));
        double seconds = service.awaitHttp200("/q/health/live", Duration.ofMinutes(3));
        log.accept(String.format("service (pid %d) live %.1f s after launch", service.pid(), seconds));
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
    public void killService() {
        long pid = service.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        log.accept("service (pid " + pid + ") killed with SIGKILL");
    }

    /** Stops the broker and starts it again on the same port and log directory. */
    public void restartKafka() {
        infra.kafka().close();
        log.accept("kafka broker stopped");
        infra.kafka().start();
        log.accept("kafka broker started again");
    }

    public EmbeddedInfra infra() {
        return infra;
    }

    public ServiceProcess service() {
        return service;
    }

    public Answer get(String path) {
        return send(service.request(path).GET());
    }

    public Answer post(String path, Object body) {
        return send(service.request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Answer patch(String path, Object body) {
        return send(service.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Answer delete(String path) {
        return send(service.request(path).DELETE());
    }

    /** As {@link #post} but fails unless the answer is 2xx. */
    public JsonNode postOk(String path, Object body) {
        Answer answer = post(path, body);
        if (!answer.ok()) {
            throw new IllegalStateException("POST " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(response.body());
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        infra.close();
    }
}
