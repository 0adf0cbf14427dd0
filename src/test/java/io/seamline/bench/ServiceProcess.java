package io.seamline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.seamline.platform.EmbeddedIssuer;
import io.seamline.platform.LaunchPlan;
import io.seamline.platform.Roles;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service as a child process, pointed at the harness's PostgreSQL and Kafka, exactly as
 * production runs it: {@code java <flags> -D... -jar target/quarkus-app/quarkus-run.jar}. Public for the other
 * harnesses (the search evaluation in {@code io.seamline.eval}).
 */
public final class ServiceProcess implements AutoCloseable {

    public static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-Ddisable-axoniq-console-message=true");

    private final Process process;
    private final int port;
    private final Path log;
    private final long launchedAt;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String token;

    private ServiceProcess(Process process, int port, Path log, long launchedAt, String token) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.launchedAt = launchedAt;
        this.token = token;
    }

    /** The JDK to launch the service with: {@code JAVA_HOME} (the Makefile's JDK 21+), else the one running this. */
    public static Path javaHome() {
        String env = System.getenv("JAVA_HOME");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("java.home"));
    }

    public static ServiceProcess launch(Path javaHome, Path appJar, int port, Map<String, String> properties,
                                 List<String> extraJvmArgs, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(extraJvmArgs);
        cmd.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(appJar.toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            String token = harnessToken(properties); // before the start: the service then finds the key made
            long launched = System.nanoTime();
            return new ServiceProcess(pb.start(), port, log, launched, token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch the service: " + String.join(" ", cmd), e);
        }
    }

    /** Waits until {@code path} answers 200; returns the seconds since launch. */
    public double awaitHttp200(String path, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + " before "
                            + path + " answered 200; its log:\n" + tail(40));
                }
                return status(path) == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the service did not answer 200 on " + path + " within " + timeout
                    + "; its log:\n" + tail(40));
        }
        return (System.nanoTime() - launchedAt) / 1e9;
    }

    public int status(String path) {
        try {
            HttpRequest req = request(path).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String get(String path) {
        try {
            HttpRequest req = request(path).timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs an empty body to {@code path}; returns the status and body, or fails on a non-2xx answer. */
    String post(String path) {
        try {
            HttpRequest req = request(path).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request to {@code path} with the harness's credentials: a token holding every role. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
    }

    /**
     * A token from the issuer the service will use: its embedded one, whose key (made here if the service has not
     * yet made it) is under its data directory or {@code seamline.auth.embedded.dir}, as {@code make credentials}
     * reads it.
     */
    private static String harnessToken(Map<String, String> properties) {
        Path dataDir = Path.of(properties.getOrDefault("seamline.data.dir", "data")).toAbsolutePath();
        Path issuerDir = properties.containsKey("seamline.auth.embedded.dir")
                ? Path.of(properties.get("seamline.auth.embedded.dir")) : LaunchPlan.issuerDir(dataDir);
        return EmbeddedIssuer.openOrCreate(issuerDir).token(Roles.ALL, Duration.ofDays(1));
    }

    public long pid() {
        return process.pid();
    }

    public long launchedAtNanos() {
        return launchedAt;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Runs {@code jcmd <pid> <args>} of the same JDK; returns its output. */
    String jcmd(Path javaHome, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as an orchestrator stops it (consumers and the relay commit their positions); kills after 60 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
