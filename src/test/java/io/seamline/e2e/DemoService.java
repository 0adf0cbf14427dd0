package io.seamline.e2e;

import io.seamline.bench.Evidence;
import io.seamline.bench.Machine;
import io.seamline.bench.ServiceProcess;
import io.seamline.platform.EmbeddedIssuer;
import io.seamline.platform.LaunchPlan;
import io.seamline.platform.PortCheck;
import io.seamline.platform.Roles;
import io.seamline.seamcheck.Timeline;
import io.seamline.support.Directories;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service a demo ({@code make demo}, {@code make demo-lineage}) runs against when none answers at
 * {@code demo.url}: the packaged service on free ports over an emptied data directory, without the demo catalogue
 * ({@code -Dseamline.seed=none}); closing it stops the process and deletes the directory. Also what both demos ask of a
 * service already running, and the facts every demo page opens with.
 */
final class DemoService implements AutoCloseable {

    private final ServiceProcess process;
    private final Path dataDir;
    private final double readySeconds;

    private DemoService(ServiceProcess process, Path dataDir, double readySeconds) {
        this.process = process;
        this.dataDir = dataDir;
        this.readySeconds = readySeconds;
    }

    /** The packaged service of {@code project}, unseeded over an emptied {@code dataDir}, once it is ready. */
    static DemoService launchUnseeded(Path project, Path dataDir) throws IOException {
        Directories.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        Path javaHome = ServiceProcess.javaHome();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seamline.seed", "none");
        props.put("seamline.data.dir", dataDir.toString());
        props.put("seamline.embedded.postgres.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.controller-port", Integer.toString(PortCheck.freePort()));
        ServiceProcess process = ServiceProcess.launch(javaHome, project.resolve("target/quarkus-app/quarkus-run.jar"),
                PortCheck.freePort(), props, List.of(), dataDir.resolveSibling(dataDir.getFileName() + "-service.log"));
        try {
            double ready = process.awaitHttp200("/q/health/ready", Duration.ofMinutes(5));
            return new DemoService(process, dataDir, ready);
        } catch (RuntimeException e) {
            process.close();
            Directories.deleteRecursively(dataDir);
            throw e;
        }
    }

    ServiceProcess process() {
        return process;
    }

    /** Seconds from the launch until the service answered ready. */
    double readySeconds() {
        return readySeconds;
    }

    /** The demo's API against this service, with a token holding every role. */
    DemoApi api() {
        return new HttpDemoApi(process::request);
    }

    @Override
    public void close() {
        process.close();
        Directories.deleteRecursively(dataDir);
    }

    /**
     * The demo's API against the service at {@code base} when one answers there (noted on the timeline and as the
     * page's Instance fact), else null.
     */
    static DemoApi runningAt(Path project, String base, Timeline timeline, Map<String, String> facts) {
        if (!answersAt(base)) {
            return null;
        }
        timeline.note("using the service running at %s", base);
        facts.put("Instance", "the service already running at " + base);
        return running(project, base);
    }

    /** Whether a service answers 200 on its readiness check at {@code base} (health needs no token). */
    private static boolean answersAt(String base) {
        if (base == null || base.isBlank()) {
            return false;
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A token for the service running at {@code base}: {@code SEAMLINE_TOKEN} when set (one holding the roles the demo
     * uses), else one holding every role from the embedded issuer of {@code ./data}, as {@code make credentials} makes
     * them.
     */
    private static DemoApi running(Path project, String base) {
        String env = System.getenv("SEAMLINE_TOKEN");
        if (env != null && !env.isBlank()) {
            return HttpDemoApi.at(base, env.strip());
        }
        Path issuer = LaunchPlan.issuerDir(project.resolve("data"));
        if (!Files.isDirectory(issuer)) {
            throw new IllegalStateException("no embedded issuer under " + issuer + ": set SEAMLINE_TOKEN to a token"
                    + " with the roles the demo uses, or run the demo with DEMO_URL= to start its own");
        }
        return HttpDemoApi.at(base, EmbeddedIssuer.openOrCreate(issuer).token(Roles.ALL, Duration.ofHours(1)));
    }

    /** The facts a demo page opens with: when, at which commit, on what machine and JDK. */
    static Map<String, String> facts(Path project, Instant started) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)));
        facts.put("Source", Evidence.source(project));
        facts.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs (" + Machine.cpuModel() + "), "
                + Machine.memory() + ", " + Machine.os() + "; load average " + Machine.loadAverage()
                + " at the start");
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return facts;
    }
}
