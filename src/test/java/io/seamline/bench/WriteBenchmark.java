package io.seamline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static io.seamline.bench.BenchLog.log;
import static io.seamline.bench.BenchLog.secondsSince;

/**
 * The write benchmark behind {@code make bench}. Starts the embedded PostgreSQL and Kafka in this JVM, runs
 * the packaged service as a child process against them (as in production), and measures, each beside a
 * raw baseline taken in the same run on the same servers (the machine is small and shared, so only the
 * ratios travel):
 * <ol>
 *   <li>the write path ({@link WritePathPhase}): CreateProduct and PlaceOrder over HTTP by N closed-loop
 *       clients, against plain JDBC inserts of the same serialized event rows, one commit per row;</li>
 *   <li>the relay ({@link RelayPhase}): replays of the whole log by the warm service and by a restarted one,
 *       against a raw producer sending the same envelopes with the same settings;</li>
 *   <li>lag ({@link LagPhase}): commit to visible in the row store at a paced, open-loop rate, against a raw
 *       pipeline (commit, produce, consume, upsert) measured by the same poller.</li>
 * </ol>
 * The write phases run under JFR and the report summarises where the service's CPU time went.
 * Durations are system properties (see {@link BenchConfig}) so CI-sized runs are possible.
 */
public final class WriteBenchmark {

    private static final String FIRST_TOPIC = "seamline.events";

    private final BenchConfig cfg;
    private final Path project = Path.of("").toAbsolutePath();
    private final Path javaHome;
    private final Path appJar;
    private final String run = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    private final BenchReport report = new BenchReport("Seamline write benchmark", "io.seamline.bench.WriteBenchmark");

    private BenchServers servers;
    private volatile ServiceLauncher services;

    private WriteBenchmark(BenchConfig cfg) {
        this.cfg = cfg;
        this.javaHome = ServiceProcess.javaHome();
        this.appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        WriteBenchmark bench = new WriteBenchmark(BenchConfig.fromSystemProperties());
        Thread cleanup = new Thread(bench::shutdown, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            bench.run();
        } finally {
            bench.shutdown();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.exit(0); // Kafka's and the HTTP client's non-daemon threads must not keep the harness alive
    }

    private void run() throws Exception {
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` (make bench does) first");
        }
        String loadBefore = Machine.loadAverage();
        Instant started = Instant.now();
        log("Seamline write benchmark: warm-up %d s, %d s per phase, %d clients, lag at %d/s",
                cfg.warmupSeconds(), cfg.durationSeconds(), cfg.clients(), cfg.lagRate());
        // before the servers: its HttpClient's System.Logger lookup has to precede their use of java.util.logging,
        // or JBoss LogManager's logger finder prints an ERROR
        CommandApi api = new CommandApi(() -> services.current());

        long t = System.nanoTime();
        servers = BenchServers.start(project.resolve("target/bench-data"));
        BenchDatabase db = servers.db();
        BenchKafka kafka = servers.kafka();
        log("embedded PostgreSQL %s and Kafka %s up in %.1f s", db.url(), kafka.bootstrap(), secondsSince(t));

        services = new ServiceLauncher(javaHome, appJar, project.resolve("target"), db, kafka.bootstrap(), servers.dataDir(),
                cfg.relayBatch());
        WriteProfile profile = new WriteProfile(javaHome, project.resolve("target/bench-write.jfr"), cfg.jfr());
        ServiceProcess service = services.launch(FIRST_TOPIC, "1", profile.serviceJvmArgs());
        double ready = service.awaitHttp200("/q/health/ready", Duration.ofMinutes(3));
        log("service (pid %d) ready %.1f s after launch", service.pid(), ready);
        Harness h = new Harness(cfg, run, db, kafka, servers.cpuMeter(), services, api);

        // the phases run in this order (the relay replay stops the service); the report numbers them as listed above
        WritePathPhase writePath = new WritePathPhase(h);
        writePath.warmUpJvm();
        WritePathPhase.Result write = writePath.run(profile);
        LagPhase lagPhase = new LagPhase(h, FIRST_TOPIC);
        LagPhase.Result lag = lagPhase.run(write.orderable());
        RelayPhase relayPhase = new RelayPhase(h, FIRST_TOPIC);
        RelayPhase.Result relay = relayPhase.run();

        writePath.addSection(report, write);
        relayPhase.addSection(report, relay);
        lagPhase.addSection(report, lag);
        new RunFacts(cfg, db, project, javaHome).addTo(report, started, loadBefore, Machine.loadAverage(), ready);
        profile.appendTo(report, write.create(), write.order());
        report.command(BenchConfig.commandLine());
        Path out = project.resolve(cfg.out());
        report.write(out);
        System.out.println();
        System.out.println(report.tables());
        log("wrote %s (total %.0f s)", project.relativize(out), Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private synchronized void shutdown() {
        if (servers != null) {
            servers.stop(services, cfg.keepData());
            servers = null;
        }
    }
}
