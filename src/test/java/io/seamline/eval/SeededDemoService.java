package io.seamline.eval;

import io.seamline.bench.ServiceProcess;
import io.seamline.platform.PortCheck;
import io.seamline.support.Directories;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service started on an empty data directory with the demo catalogue, run until both search indexes
 * have applied everything the seeder wrote: what the search evaluation and the search benchmark measure against.
 */
public final class SeededDemoService implements AutoCloseable {

    private static final List<String> INDEXES = List.of("bm25", "vector");
    private static final String SEEDED = "demo data: ";
    private static final Duration PROGRESS = Duration.ofSeconds(20);

    private final ServiceProcess service;
    private final Path dataDir;
    private final boolean keepData;
    private final SearchClient client;
    private double readySeconds;
    private double seededSeconds;
    private double indexedSeconds;
    private long head;

    private SeededDemoService(ServiceProcess service, Path dataDir, boolean keepData) {
        this.service = service;
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.client = new SearchClient(service);
    }

    /**
     * Launches the jar of {@code project} on free ports over {@code dataDir} (emptied first), seeds the demo, and waits
     * until both indexes cover the log's head; progress goes to {@code log}.
     */
    public static SeededDemoService start(Path project, Path dataDir, List<String> jvmArgs, Duration seedTimeout,
                                          Duration indexTimeout, boolean keepData, Consumer<String> log)
            throws IOException {
        Path appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` first");
        }
        Directories.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        Path javaHome = ServiceProcess.javaHome();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seamline.seed", "demo");
        props.put("seamline.data.dir", dataDir.toString());
        // free ports, so it runs beside a `make run` or a benchmark
        props.put("seamline.embedded.postgres.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.port", Integer.toString(PortCheck.freePort()));
        props.put("seamline.embedded.kafka.controller-port", Integer.toString(PortCheck.freePort()));
        ServiceProcess process = ServiceProcess.launch(javaHome, appJar, PortCheck.freePort(), props, jvmArgs,
                dataDir.resolveSibling(dataDir.getFileName() + "-service.log"));
        SeededDemoService demo = new SeededDemoService(process, dataDir, keepData);
        try {
            demo.readySeconds = process.awaitHttp200("/q/health/ready", Duration.ofMinutes(5));
            log.accept(String.format("service (pid %d) ready %.1f s after launch", process.pid(), demo.readySeconds));
            demo.seededSeconds = demo.awaitSeeded(seedTimeout, log);
            demo.head = demo.client.head();
            log.accept(String.format("demo catalogue seeded %.1f s after launch; the log's head is global index %d",
                    demo.seededSeconds, demo.head));
            demo.indexedSeconds = demo.awaitIndexes(indexTimeout, log);
            log.accept(String.format("both indexes cover global index %d, %.1f s after launch", demo.head,
                    demo.indexedSeconds));
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    public ServiceProcess service() {
        return service;
    }

    SearchClient client() {
        return client;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long head() {
        return head;
    }

    public double readySeconds() {
        return readySeconds;
    }

    public double seededSeconds() {
        return seededSeconds;
    }

    public double indexedSeconds() {
        return indexedSeconds;
    }

    /** Whether a service's log holds the demo seeder's closing line (seeded, or nothing to seed). */
    public static boolean seeded(String serviceLog) {
        return serviceLog.lines().anyMatch(l -> l.contains(SEEDED)
                && (l.contains(" seeded in ") || l.contains("nothing seeded")));
    }

    /** Waits for the seeder's closing log line, saying so every {@link #PROGRESS}; returns the seconds since launch. */
    private double awaitSeeded(Duration timeout, Consumer<String> log) {
        Progress progress = new Progress(log);
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                requireAlive();
                progress.due("seeding the demo catalogue");
                return seeded(service.tail(Integer.MAX_VALUE));
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the demo catalogue was not seeded within " + timeout
                    + "; the service's log:\n" + service.tail(40));
        }
        return secondsSinceLaunch();
    }

    /**
     * Waits until both indexes report a watermark at or past the head, saying where they are every {@link #PROGRESS};
     * returns the seconds since launch.
     */
    private double awaitIndexes(Duration timeout, Consumer<String> log) {
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        Progress progress = new Progress(log);
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).until(() -> {
                requireAlive();
                progress.due("indexing up to global index " + head + " (" + last.get() + ")");
                try {
                    SearchAnswer answer = client.search("kettle", "hybrid", 1, "rrf");
                    last.set("watermarks " + answer.watermarks());
                    return answer.watermarkOf(INDEXES) >= head;
                } catch (SearchClient.SearchFailed e) {
                    if (e.status == 404) {
                        // the service is ready, so a 404 means this build has no search endpoint: waiting won't help
                        throw new IllegalStateException("this build does not serve /api/search: " + e.getMessage());
                    }
                    last.set(e.getMessage());
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the search indexes did not reach global index " + head + " within "
                    + timeout + " (last: " + last.get() + "); the service's log:\n" + service.tail(40));
        }
        return secondsSinceLaunch();
    }

    /** A progress line at most every {@link #PROGRESS}, so a wait of minutes does not look like a hang. */
    private final class Progress {
        private final Consumer<String> log;
        private long last = System.nanoTime();

        Progress(Consumer<String> log) {
            this.log = log;
        }

        void due(String what) {
            if (System.nanoTime() - last >= PROGRESS.toNanos()) {
                last = System.nanoTime();
                log.accept(String.format("… %s, %.0f s after launch", what, secondsSinceLaunch()));
            }
        }
    }

    private void requireAlive() {
        if (!service.alive()) {
            throw new IllegalStateException("the service exited; its log:\n" + service.tail(40));
        }
    }

    private double secondsSinceLaunch() {
        return (System.nanoTime() - service.launchedAtNanos()) / 1e9;
    }

    @Override
    public void close() {
        service.close();
        if (!keepData) {
            Directories.deleteRecursively(dataDir);
        }
    }
}
