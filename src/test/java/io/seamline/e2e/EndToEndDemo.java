package io.seamline.e2e;

import io.seamline.bench.Evidence;
import io.seamline.bench.HarnessExit;
import io.seamline.bench.Machine;
import io.seamline.bench.ServiceProcess;
import io.seamline.e2e.ProductUpdateFlow.Check;
import io.seamline.e2e.ProductUpdateFlow.Outcome;
import io.seamline.eval.SeededDemoService;
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
 * {@code make demo}: runs {@link ProductUpdateFlow} against the service at {@code demo.url} when one answers there, or
 * else against one it starts on free ports and seeds with the demo catalogue (under {@code target/demo-data}, deleted
 * afterwards), then writes {@code docs/evidence/e2e-flow.md}. Exits 1 when a hop was not reached or a store did not
 * show the change.
 */
public final class EndToEndDemo {

    private final Path project = Path.of("").toAbsolutePath();
    private final String url = System.getProperty("demo.url", "").strip();
    private final Path dataDir = project.resolve("target/demo-data");
    private final Duration seedTimeout = Duration.ofMinutes(Long.getLong("demo.seed-minutes", 15));
    private final Duration indexTimeout = Duration.ofMinutes(Long.getLong("demo.index-minutes", 30));
    /** 0: the whole demo catalogue (seamline.seed=demo); n: only its first n products, each sold once. */
    private final int catalogue = Integer.getInteger("demo.catalogue", 0);
    private volatile SeededDemoService own;
    private volatile ServiceProcess unseeded;

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        EndToEndDemo demo = new EndToEndDemo();
        Thread cleanup = new Thread(demo::shutdown, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int failures;
        try {
            failures = demo.run();
        } finally {
            demo.shutdown();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.exit(failures == 0 ? 0 : 1); // the HTTP client's threads must not keep the harness alive
    }

    private int run() throws IOException {
        Instant started = Instant.now();
        Timeline timeline = new Timeline(System.out::println);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)));
        facts.put("Source", Evidence.source(project));
        facts.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs (" + Machine.cpuModel() + "), "
                + Machine.memory() + ", " + Machine.os() + "; load average " + Machine.loadAverage()
                + " at the start");
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        DemoApi api;
        if (!url.isEmpty() && ready(url)) {
            timeline.note("using the service running at %s", url);
            api = HttpDemoApi.at(url, token());
            facts.put("Instance", "the service already running at " + url);
        } else if (catalogue > 0) {
            timeline.note("no service answers at %s: starting one on free ports with the first %d products of the demo"
                    + " catalogue, each sold once (-Ddemo.catalogue)", url.isEmpty() ? "(none named)" : url, catalogue);
            ServiceProcess process = launchUnseeded();
            double ready = process.awaitHttp200("/q/health/ready", Duration.ofMinutes(5));
            timeline.note("service (pid %d) ready %.1f s after launch", process.pid(), ready);
            api = new HttpDemoApi(process::request);
            long seeding = System.nanoTime();
            SmallCatalogue.seed(api, catalogue);
            facts.put("Instance", String.format("`java -jar target/quarkus-app/quarkus-run.jar` with `-Dseamline.seed=none`"
                    + " on an empty data directory, started by the demo (ready %.1f s after launch), then the first %d"
                    + " products of the demo catalogue created and sold once each through the API (%.1f s): the"
                    + " short mode (`-Ddemo.catalogue=%d`), so the vector search ranks among %d products, not 6,764",
                    ready, catalogue, (System.nanoTime() - seeding) / 1e9, catalogue, catalogue));
        } else {
            timeline.note("no service answers at %s: starting one on free ports and seeding the demo catalogue "
                    + "(a few minutes; the demo itself then takes under two)", url.isEmpty() ? "(none named)" : url);
            own = SeededDemoService.start(project, dataDir, List.of(), seedTimeout, indexTimeout, false, timeline::note);
            api = new HttpDemoApi(own.service()::request);
            facts.put("Instance", String.format("`java -jar target/quarkus-app/quarkus-run.jar` with "
                            + "`-Dseamline.seed=demo` on an empty data directory, started by the demo: ready %.1f s, "
                            + "seeded %.1f s, both search indexes at global index %d %.1f s after launch",
                    own.readySeconds(), own.seededSeconds(), own.head(), own.indexedSeconds()));
        }
        int from = timeline.size();
        Outcome outcome = new ProductUpdateFlow(api, timeline, ProductUpdateFlow.Settings.fromSystemProperties()).run();
        Path page = Evidence.page(project, "e2e-flow.md");
        FlowPage.write(page, FlowPage.markdown(outcome, facts, timeline.markdownSince(from)));
        System.out.println("wrote " + project.relativize(page.toAbsolutePath()));
        for (Check failed : outcome.failures()) {
            System.out.println("FAILED " + failed.store() + ": expected " + failed.expected() + ", saw " + failed.seen());
        }
        return outcome.failures().size();
    }

    /** Whether a service answers 200 on its readiness check at {@code base} (health needs no token). */
    private static boolean ready(String base) {
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
     * A token for the running service: {@code SEAMLINE_TOKEN} when set (one holding the writer, reader and analyst
     * roles), else one from the embedded issuer of {@code ./data}, as {@code make credentials} makes them.
     */
    private String token() {
        String env = System.getenv("SEAMLINE_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path issuer = LaunchPlan.issuerDir(project.resolve("data"));
        if (!Files.isDirectory(issuer)) {
            throw new IllegalStateException("no embedded issuer under " + issuer + ": set SEAMLINE_TOKEN to a token"
                    + " with the writer, reader and analyst roles, or run the demo with DEMO_URL= to start its own");
        }
        return EmbeddedIssuer.openOrCreate(issuer).token(Roles.ALL, Duration.ofHours(1));
    }

    /** The packaged service on free ports over an emptied {@code target/demo-data}, without the demo catalogue. */
    private ServiceProcess launchUnseeded() throws IOException {
        Directories.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        String envHome = System.getenv("JAVA_HOME");
        Path javaHome = Path.of(envHome != null && !envHome.isBlank() ? envHome : System.getProperty("java.home"));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seamline.seed", "none");
        props.put("seamline.data.dir", dataDir.toString());
        props.put("seamline.embedded.postgres.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.controller-port", Integer.toString(PortCheck.freePort()));
        unseeded = ServiceProcess.launch(javaHome, project.resolve("target/quarkus-app/quarkus-run.jar"),
                PortCheck.freePort(), props, List.of(), dataDir.resolveSibling("demo-data-service.log"));
        return unseeded;
    }

    private void shutdown() {
        ServiceProcess p = unseeded;
        if (p != null) {
            unseeded = null;
            p.close();
            Directories.deleteRecursively(dataDir);
        }
        SeededDemoService s = own;
        if (s != null) {
            own = null;
            s.close();
        }
    }
}
