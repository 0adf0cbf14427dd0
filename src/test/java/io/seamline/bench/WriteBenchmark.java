package io.seamline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.demo.DemoCatalogue;
import io.seamline.platform.EmbeddedInfra;
import io.seamline.platform.PortCheck;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.relay.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The write benchmark behind {@code make bench}. Starts the embedded PostgreSQL and Kafka in this JVM, runs
 * the packaged service as a child process against them (as in production), and measures, each beside a
 * raw baseline taken in the same run on the same servers (the machine is small and shared, so only the
 * ratios travel):
 * <ol>
 *   <li>the write path: CreateProduct and PlaceOrder over HTTP by N closed-loop clients, against plain JDBC
 *       inserts of the same serialized event rows, one commit per row;</li>
 *   <li>the relay: a replay of the whole log to a fresh topic, against a raw producer sending the same
 *       envelopes with the same settings;</li>
 *   <li>lag: commit to visible in the row store at a paced, open-loop rate, against a raw pipeline
 *       (commit, produce, consume, upsert) measured by the same poller.</li>
 * </ol>
 * The write phases run under JFR and the report summarises where the service's CPU time went.
 * Durations are system properties (see {@link Config}) so CI-sized runs are possible.
 */
public final class WriteBenchmark {

    /**
     * Settings, from system properties: {@code bench.warmup} (s, 5) and {@code bench.duration} (s, 20) per phase,
     * {@code bench.jvm-warmup} (s, 20, unmeasured traffic after the service starts), {@code bench.clients} (16),
     * {@code bench.lag.rate} (500/s), {@code bench.lag.warmup} and {@code bench.lag.duration} (default: the phase
     * values), {@code bench.lag.low-rate} (100/s, for half the lag duration, as a reference; 0 skips it),
     * {@code bench.poll.ms} (5), {@code bench.relay.batch} (256), {@code bench.jfr} (true),
     * {@code bench.out} (docs/evidence/bench-write.md), {@code bench.keep-data} (false). A CI-sized run:
     * {@code make bench BENCH_ARGS="-Dbench.jvm-warmup=4 -Dbench.warmup=2 -Dbench.duration=5"}.
     */
    record Config(int warmupSeconds, int durationSeconds, int jvmWarmupSeconds, int clients, int lagRate,
                  int lagWarmupSeconds, int lagDurationSeconds, int lagLowRate, int pollMillis, int relayBatch,
                  boolean jfr, Path out, boolean keepData) {

        static Config fromSystemProperties() {
            int warmup = Integer.getInteger("bench.warmup", 5);
            int duration = Integer.getInteger("bench.duration", 20);
            return new Config(warmup, duration, Integer.getInteger("bench.jvm-warmup", 20),
                    Integer.getInteger("bench.clients", 16),
                    Integer.getInteger("bench.lag.rate", 500), Integer.getInteger("bench.lag.warmup", warmup),
                    Integer.getInteger("bench.lag.duration", duration), Integer.getInteger("bench.lag.low-rate", 100),
                    Integer.getInteger("bench.poll.ms", 5),
                    Integer.getInteger("bench.relay.batch", 256),
                    Boolean.parseBoolean(System.getProperty("bench.jfr", "true")),
                    Path.of(System.getProperty("bench.out", "docs/evidence/bench-write.md")),
                    Boolean.getBoolean("bench.keep-data"));
        }
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final String PG_USER = "postgres";
    private static final String PG_PASSWORD = "postgres";
    private static final String FIRST_TOPIC = "seamline.events";

    private final Config cfg;
    private final Path project = Path.of("").toAbsolutePath();
    private final Path javaHome;
    private final Path appJar;
    private final String run = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final BenchReport report = new BenchReport("Seamline write benchmark");
    private final List<String> productBodies = new ArrayList<>();
    private final List<String> createdIds = Collections.synchronizedList(new ArrayList<>());

    private EmbeddedInfra infra;
    private Path dataDir;
    private String jdbcUrl;
    private String bootstrap;
    private CpuMeter cpu;
    private volatile ServiceProcess service;

    private WriteBenchmark(Config cfg) {
        this.cfg = cfg;
        String envHome = System.getenv("JAVA_HOME");
        this.javaHome = Path.of(envHome != null && !envHome.isBlank() ? envHome : System.getProperty("java.home"));
        this.appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static void main(String[] args) throws Exception {
        WriteBenchmark bench = new WriteBenchmark(Config.fromSystemProperties());
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

    // ------------------------------------------------------------------------------------------------
    // orchestration
    // ------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` (make bench does) first");
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Instant started = Instant.now();
        log("Seamline write benchmark: warm-up %d s, %d s per phase, %d clients, lag at %d/s",
                cfg.warmupSeconds(), cfg.durationSeconds(), cfg.clients(), cfg.lagRate());
        loadCatalogue();

        dataDir = project.resolve("target/bench-data");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        long t = System.nanoTime();
        infra = EmbeddedInfra.start(dataDir, PortCheck.freePort(), PortCheck.freePort(), PortCheck.freePort());
        jdbcUrl = infra.config().get("quarkus.datasource.jdbc.url");
        bootstrap = infra.config().get("kafka.bootstrap.servers");
        cpu = new CpuMeter(infra.postgres().dataDir());
        log("embedded PostgreSQL %s and Kafka %s up in %.1f s", jdbcUrl, bootstrap, secondsSince(t));

        // deep Quarkus/Axon stacks: keep 256 frames per JFR sample (the default 64 cuts off the callers)
        service = launchService(FIRST_TOPIC, "1",
                cfg.jfr() ? List.of("-XX:FlightRecorderOptions:stackdepth=256") : List.of());
        double ready = service.awaitHttp200("/q/health/ready", Duration.ofMinutes(3));
        log("service (pid %d) ready %.1f s after launch", service.pid(), ready);

        // JIT warm-up of the fresh service (and of this JVM): creates, then orders, not measured
        if (cfg.jvmWarmupSeconds() > 0) {
            int half = Math.max(1, cfg.jvmWarmupSeconds() / 2);
            closedLoop("JVM warm-up: CreateProduct", 0, half, (client, seq) -> post("/api/products",
                    productBody("W" + run + "-" + client + "-" + seq, client * 7919L + seq)), createdIds::add);
            List<String> warm = List.copyOf(createdIds);
            awaitVisible(warm, Duration.ofMinutes(2));
            closedLoop("JVM warm-up: PlaceOrder", 0, half, (client, seq) -> post("/api/orders", orderBody(warm)), id -> {
            });
            awaitQuiet();
        }

        // 1. write path under JFR: CreateProduct, then PlaceOrder over the created (and projected) products
        Path jfrFile = project.resolve("target/bench-write.jfr");
        Files.deleteIfExists(jfrFile);
        if (cfg.jfr()) {
            service.jcmd(javaHome, "JFR.start", "name=bench-write", "settings=profile", "filename=" + jfrFile);
        }
        ClosedLoop create = closedLoop("CreateProduct", (client, seq) -> post("/api/products",
                productBody("B" + run + "-" + client + "-" + seq, client * 7919L + seq)), createdIds::add);
        List<String> orderable = List.copyOf(createdIds);
        awaitVisible(orderable, Duration.ofMinutes(2));
        if (orderable.isEmpty()) {
            throw new IllegalStateException("CreateProduct created nothing: " + create.firstError());
        }
        ClosedLoop order = closedLoop("PlaceOrder", (client, seq) -> post("/api/orders", orderBody(orderable)), id -> {
        });
        if (cfg.jfr()) {
            service.jcmd(javaHome, "JFR.stop", "name=bench-write");
        }
        awaitQuiet();
        Raw raw = rawInserts();

        // 3. lag at the goal's rate (and a lower reference rate), each followed by the raw pipeline at that rate
        Pace goal = new Pace(cfg.lagRate(), cfg.lagWarmupSeconds(), cfg.lagDurationSeconds());
        LagRun lag = lagSeamline(orderable, goal);
        awaitQuiet();
        LagRun rawLag = lagRaw(goal);
        LagRun lowLag = null;
        LagRun lowRawLag = null;
        if (cfg.lagLowRate() > 0) {
            Pace low = new Pace(cfg.lagLowRate(), cfg.lagWarmupSeconds(), Math.max(1, cfg.lagDurationSeconds() / 2));
            awaitQuiet();
            lowLag = lagSeamline(orderable, low);
            awaitQuiet();
            lowRawLag = lagRaw(low);
        }
        awaitQuiet();

        // 2. relay: replay the whole log to a fresh topic, then a raw producer sends the same envelopes
        RelayRun relay = relayReplay();
        RawProduce rawProduce = rawProduce(relay.events());

        writeSection(create, order, raw);
        relaySection(relay, rawProduce);
        lagSection(goal, lag, rawLag, lowLag, lowRawLag);

        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        facts(started, loadBefore, loadAfter, ready);
        if (cfg.jfr() && Files.exists(jfrFile)) {
            profileSection(jfrFile, create, order);
        }
        report.command(commandLine());
        Path out = project.resolve(cfg.out());
        report.write(out);
        System.out.println();
        System.out.println(report.tables());
        log("wrote %s (total %.0f s)", project.relativize(out), Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private ServiceProcess launchService(String topic, String n, List<String> jvmArgs) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seamline.datasource.url", jdbcUrl);
        props.put("seamline.datasource.username", PG_USER);
        props.put("seamline.datasource.password", PG_PASSWORD);
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("seamline.seed", "none");
        props.put("seamline.topic", topic);
        props.put("seamline.data.dir", dataDir.resolve("service").toString());
        return ServiceProcess.launch(javaHome, appJar, PortCheck.freePort(), props, jvmArgs,
                project.resolve("target/bench-service-" + n + ".log"));
    }

    private synchronized void shutdown() {
        ServiceProcess s = service;
        if (s != null) {
            s.close();
            service = null;
        }
        if (infra != null) {
            infra.close();
            infra = null;
            if (!cfg.keepData()) {
                deleteRecursively(dataDir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // 1. write path
    // ------------------------------------------------------------------------------------------------

    /** Outcome of a closed-loop phase: completions and latencies inside the measurement window. */
    record ClosedLoop(String name, long completed, double seconds, Latencies latencies, long errors, long total,
                      String firstError, String cpu, String serviceThreads, Instant windowFrom, Instant windowTo) {
        double throughput() {
            return completed / seconds;
        }
    }

    /** N clients, each sending its next request when the previous one is answered, for warm-up + duration. */
    private ClosedLoop closedLoop(String name, BiFunction<Integer, Long, HttpRequest> request,
                                  Consumer<String> onCreated) throws InterruptedException {
        return closedLoop(name, cfg.warmupSeconds(), cfg.durationSeconds(), request, onCreated);
    }

    private ClosedLoop closedLoop(String name, int warmup, int measured, BiFunction<Integer, Long, HttpRequest> request,
                                  Consumer<String> onCreated) throws InterruptedException {
        log("%s: %d clients, %d s warm-up + %d s", name, cfg.clients(), warmup, measured);
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(warmup);
        long to = from + TimeUnit.SECONDS.toNanos(measured);
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder total = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < cfg.clients(); c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("bench-" + name + "-" + c).start(() -> {
                long seq = 0;
                while (System.nanoTime() < to) {
                    HttpRequest req = request.apply(client, seq++);
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        total.increment();
                        if (resp.statusCode() / 100 == 2) {
                            onCreated.accept(match(ID, resp.body()));
                            if (t1 >= from && t1 <= to) {
                                completed.increment();
                                latencies.add(t1 - t0);
                            }
                        } else {
                            errors.increment();
                            firstError.compareAndSet(null, resp.statusCode() + " " + resp.body());
                        }
                    } catch (IOException e) {
                        errors.increment();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        sleepUntil(from);
        Instant windowFrom = Instant.now();
        CpuMeter.Snapshot c0 = cpu.snapshot(service.pid());
        Map<String, Long> threads0 = CpuMeter.threads(service.pid());
        sleepUntil(to);
        Instant windowTo = Instant.now();
        CpuMeter.Snapshot c1 = cpu.snapshot(service.pid());
        Map<String, Long> threads1 = CpuMeter.threads(service.pid());
        for (Thread t : clients) {
            t.join();
        }
        ClosedLoop result = new ClosedLoop(name, completed.sum(), measured, latencies, errors.sum(),
                total.sum(), firstError.get(), CpuMeter.describe(c0, c1),
                CpuMeter.threadTable(threads0, threads1, (c1.nanos() - c0.nanos()) / 1e9, 12), windowFrom, windowTo);
        log("%s: %.0f commands/s, %s, %d errors%s", name, result.throughput(), latencies.summary(), result.errors(),
                result.firstError() == null ? "" : " (first: " + abbreviate(result.firstError(), 200) + ")");
        return result;
    }

    /** Outcome of the plain JDBC baseline. */
    record Raw(long completed, double seconds, Latencies latencies, int sampleRows, Map<String, Integer> sampleTypes,
               double meanPayloadBytes, String cpu) {
        double throughput() {
            return completed / seconds;
        }
    }

    /** A real event row, as stored: what the baseline inserts again with new ids. */
    record EventRow(String type, long sequence, byte[] metadata, byte[] payload, String payloadRevision,
                    String payloadType) {
    }

    /**
     * The ceiling of the write path: N clients inserting the event rows Seamline wrote (same payload and
     * metadata bytes, new event and aggregate ids) into a copy of the event table, one commit per row.
     */
    private Raw rawInserts() throws Exception {
        List<EventRow> sample = sampleEventRows(2000);
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("create table bench_raw (like domainevententry including all)");
            // LIKE ... INCLUDING ALL would share the event store's sequence: give the copy its own
            s.execute("create sequence bench_raw_globalindex_seq");
            s.execute("alter table bench_raw alter column globalindex set default nextval('bench_raw_globalindex_seq')");
        }
        Map<String, Integer> types = new LinkedHashMap<>();
        sample.forEach(r -> types.merge(r.payloadType().substring(r.payloadType().lastIndexOf('.') + 1), 1, Integer::sum));
        double meanPayload = sample.stream().mapToInt(r -> r.payload().length).average().orElse(0);
        log("raw JDBC: %d clients inserting %d sampled rows %s (mean payload %.0f B), one commit per row",
                cfg.clients(), sample.size(), types, meanPayload);
        String insert = """
                insert into bench_raw (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                       payloadrevision, payloadtype, timestamp)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(cfg.warmupSeconds());
        long to = from + TimeUnit.SECONDS.toNanos(cfg.durationSeconds());
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < cfg.clients(); c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("bench-raw-" + c).start(() -> {
                try (Connection conn = db(); PreparedStatement ps = conn.prepareStatement(insert)) {
                    conn.setAutoCommit(true);
                    int i = client * 131;
                    while (System.nanoTime() < to) {
                        EventRow row = sample.get(i++ % sample.size());
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setLong(2, row.sequence());
                        ps.setString(3, row.type());
                        ps.setString(4, UUID.randomUUID().toString());
                        ps.setBytes(5, row.metadata());
                        ps.setBytes(6, row.payload());
                        ps.setString(7, row.payloadRevision());
                        ps.setString(8, row.payloadType());
                        ps.setString(9, Instant.now().toString());
                        long t0 = System.nanoTime();
                        ps.executeUpdate();
                        long t1 = System.nanoTime();
                        if (t1 >= from && t1 <= to) {
                            completed.increment();
                            latencies.add(t1 - t0);
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        sleepUntil(from);
        CpuMeter.Snapshot c0 = cpu.snapshot(service.pid());
        sleepUntil(to);
        CpuMeter.Snapshot c1 = cpu.snapshot(service.pid());
        for (Thread t : clients) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Raw raw = new Raw(completed.sum(), cfg.durationSeconds(), latencies, sample.size(), types, meanPayload,
                CpuMeter.describe(c0, c1));
        log("raw JDBC: %.0f inserts/s, %s", raw.throughput(), latencies.summary());
        return raw;
    }

    /** Up to {@code perType} random rows of each event type the write phases appended. */
    private List<EventRow> sampleEventRows(int perType) throws SQLException {
        List<EventRow> rows = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                select type, sequencenumber, metadata, payload, payloadrevision, payloadtype from (
                    select *, row_number() over (partition by payloadtype order by random()) as n from domainevententry
                ) sampled where n <= ?""")) {
            ps.setInt(1, perType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EventRow(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        Collections.shuffle(rows, new java.util.Random(42));
        return rows;
    }

    private void writeSection(ClosedLoop create, ClosedLoop order, Raw raw) {
        BenchReport.Section s = report.section("1. Write path: commands over HTTP vs plain JDBC inserts",
                String.format(Locale.ROOT, "%d closed-loop clients (java.net.http.HttpClient, HTTP/1.1 keep-alive) "
                                + "against the service; %d s warm-up, then %d s measured. Baseline: %d plain JDBC "
                                + "clients inserting the same serialized event rows (payload and metadata bytes taken "
                                + "from `domainevententry` after the Seamline phases, new ids) into `bench_raw` "
                                + "(`like domainevententry including all`, own sequence), one commit per row, into "
                                + "the same PostgreSQL (fsync and synchronous_commit on). Ratio = Seamline / raw.",
                        cfg.clients(), cfg.warmupSeconds(), cfg.durationSeconds(), cfg.clients()));
        for (ClosedLoop c : List.of(create, order)) {
            boolean throughputMet = c.throughput() >= 0.5 * raw.throughput();
            s.row(c.name() + " throughput", BenchReport.perSecond(c.throughput()), BenchReport.perSecond(raw.throughput()),
                    BenchReport.ratio(c.throughput(), raw.throughput()), "≥ 0.5× raw", BenchReport.met(throughputMet));
            s.row(c.name() + " latency p50", BenchReport.ms(c.latencies().p50()), BenchReport.ms(raw.latencies().p50()),
                    BenchReport.ratio(c.latencies().p50(), raw.latencies().p50()), "", "");
            s.row(c.name() + " latency p99", BenchReport.ms(c.latencies().p99()), BenchReport.ms(raw.latencies().p99()),
                    BenchReport.ratio(c.latencies().p99(), raw.latencies().p99()), "< 50 ms",
                    BenchReport.met(c.latencies().p99() < 50));
        }
        for (ClosedLoop c : List.of(create, order)) {
            s.note(String.format(Locale.ROOT, "%s: %,d commands answered 2xx in the window (%,d in the whole phase), "
                            + "%d errors%s; max latency %s. CPU in the window: %s.", c.name(), c.completed(), c.total(),
                    c.errors(), c.firstError() == null ? "" : " (first: `" + abbreviate(c.firstError(), 160) + "`)",
                    BenchReport.ms(c.latencies().maxMs()), c.cpu()));
        }
        s.note(String.format(Locale.ROOT, "Raw: %,d commits in the window; %d sampled rows %s, mean payload %.0f bytes; "
                        + "max latency %s. CPU in the window: %s.", raw.completed(), raw.sampleRows(), raw.sampleTypes(),
                raw.meanPayloadBytes(), BenchReport.ms(raw.latencies().maxMs()), raw.cpu()));
        s.note("A CreateProduct commits its ProductCreated row and the SKU claim in one transaction; a PlaceOrder "
                + "first reads each line's product from the row store. Both go through the Axon command bus and the "
                + "aggregate, and the relay and the rowstore consumer run alongside (that is the service's cost).");
        if (cfg.jfr()) {
            s.note("The service ran under JFR (`profile` settings) during both Seamline phases; the raw phase did not.");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // 3. lag
    // ------------------------------------------------------------------------------------------------

    /** An open-loop rate with its warm-up and measured seconds. */
    record Pace(int rate, int warmupSeconds, int durationSeconds) {
    }

    /** Outcome of a paced run: commit-to-visible lag and the command latency, both inside the window. */
    record LagRun(String name, Latencies lag, Latencies commandLatency, long accepted, long errors, long skipped,
                  long notVisible, double censoredFloorMs, double seconds, String firstError, String cpu,
                  String stages) {
        double achievedRate() {
            return accepted / seconds;
        }

        /** A lag figure; "≥" when it comes from commands never seen, which count at the time waited for them. */
        String lagMs(double v) {
            return notVisible > 0 && v >= censoredFloorMs ? "≥ " + BenchReport.ms(v) : BenchReport.ms(v);
        }
    }

    /**
     * CreateProduct and UpdateProduct (alternating) issued open loop at {@code lagRate}/s by a scheduler; each
     * 2xx is watched by the poller until the row store shows its version.
     */
    private LagRun lagSeamline(List<String> products, Pace pace) throws Exception {
        log("lag: CreateProduct/UpdateProduct at %d/s open loop, %d s warm-up + %d s", pace.rate(),
                pace.warmupSeconds(), pace.durationSeconds());
        ConcurrentLinkedQueue<String> idle = new ConcurrentLinkedQueue<>(shuffled(products));
        // which stage falls behind: head minus the relay's and the rowstore's watermarks, every 100 ms
        AtomicBoolean sampling = new AtomicBoolean(true);
        long[] maxLag = new long[2];
        long[] stageLag = maxLag;
        Thread sampler = Thread.ofPlatform().name("bench-watermarks").start(() -> {
            try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                    "select (select coalesce(max(globalindex), -1) from domainevententry), "
                            + "(select last_global_index from projection_watermark where consumer = 'relay'), "
                            + "(select last_global_index from projection_watermark where consumer = 'rowstore')")) {
                while (sampling.get()) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        maxLag[0] = Math.max(maxLag[0], rs.getLong(1) - rs.getLong(2));
                        maxLag[1] = Math.max(maxLag[1], rs.getLong(1) - rs.getLong(3));
                    }
                    ServiceProcess.sleep(100);
                }
            } catch (SQLException e) {
                log("watermark sampler stopped: %s", e);
            }
        });
        try (VisibilityPoller poller = new VisibilityPoller("rowstore_product", "sequence")) {
            return paced("Seamline", pace, poller, stageLag, (i, intended, inWindow, done) -> {
                String id = i % 2 == 1 ? idle.poll() : null;
                HttpRequest req = id != null
                        ? patch("/api/products/" + id, String.format(Locale.ROOT,
                        "{\"price\":{\"amount\":%d.%02d,\"currency\":\"USD\"}}", 5 + i % 500, i % 100))
                        : post("/api/products", productBody("L" + pace.rate() + "-" + run + "-" + i, i));
                String updated = id;
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                    long t = System.nanoTime();
                    if (err != null || resp.statusCode() / 100 != 2) {
                        if (updated != null) {
                            idle.add(updated);
                        }
                        done.failed(err != null ? err.toString() : resp.statusCode() + " " + resp.body());
                        return;
                    }
                    String rid = match(ID, resp.body());
                    long version = Long.parseLong(match(VERSION, resp.body()));
                    done.committed(t, rid, version, () -> idle.add(rid));
                });
            });
        } finally {
            sampling.set(false);
            sampler.join(5_000);
        }
    }

    /**
     * The raw pipeline at the same rate: each tick commits a real event row by plain JDBC (one commit), sends
     * it straight to Kafka with the relay's producer settings, and a plain consumer upserts it with its
     * sequence into a scratch row table (rows and a watermark in one transaction per poll, offsets committed
     * after), which the same poller watches. Lag runs from the commit.
     */
    private final Map<String, Long> rawCommittedAt = new ConcurrentHashMap<>();
    private volatile Latencies rawAcked = new Latencies();
    private volatile Latencies rawApplied = new Latencies();

    private LagRun lagRaw(Pace pace) throws Exception {
        List<EventRow> sample = sampleEventRows(500);
        String topic = "bench.lag.raw." + pace.rate() + "." + run;
        String rows = "bench_lag_rows_" + pace.rate();
        String marks = "bench_lag_watermark_" + pace.rate();
        TopicProvisioner.ensure(bootstrap, topic, 6);
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("create table " + rows + " (id varchar(64) primary key, sequence bigint not null, "
                    + "payload bytea not null, updated_at timestamptz not null)");
            s.execute("create table " + marks + " (consumer varchar(64) primary key, last_offset bigint not null, "
                    + "updated_at timestamptz not null)");
        }
        log("lag (raw pipeline): JDBC commit -> produce -> consume -> upsert at %d/s", pace.rate());
        AtomicBoolean consuming = new AtomicBoolean(true);
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicReference<Exception> consumerFailure = new AtomicReference<>();
        Thread consumer = Thread.ofPlatform().name("bench-raw-consumer").start(() -> {
            try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(consumerConfig("bench-raw-lag-" + pace.rate()));
                 Connection conn = db();
                 PreparedStatement upsert = conn.prepareStatement("""
                         insert into %1$s (id, sequence, payload, updated_at) values (?, ?, ?, now())
                         on conflict (id) do update set sequence = excluded.sequence, payload = excluded.payload,
                             updated_at = now() where %1$s.sequence < excluded.sequence""".formatted(rows));
                 PreparedStatement mark = conn.prepareStatement("""
                         insert into %s values ('raw', ?, now()) on conflict (consumer)
                         do update set last_offset = excluded.last_offset, updated_at = now()""".formatted(marks))) {
                conn.setAutoCommit(false);
                kc.subscribe(List.of(topic));
                while (consuming.get()) {
                    var records = kc.poll(Duration.ofMillis(200));
                    if (!kc.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    long last = 0;
                    for (ConsumerRecord<String, byte[]> r : records) {
                        upsert.setString(1, r.key());
                        upsert.setLong(2, Long.parseLong(header(r.headers().lastHeader("seamline-sequence"))));
                        upsert.setBytes(3, r.value());
                        upsert.addBatch();
                        last = r.offset();
                    }
                    upsert.executeBatch();
                    mark.setLong(1, last);
                    mark.executeUpdate();
                    conn.commit();
                    long applied = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        Long committed = rawCommittedAt.remove(r.key() + "#" + header(r.headers().lastHeader("seamline-sequence")));
                        if (committed != null) {
                            rawApplied.add(applied - committed);
                        }
                    }
                    kc.commitSync();
                }
            } catch (Exception e) {
                consumerFailure.set(e);
                assigned.countDown();
            }
        });
        if (!assigned.await(60, TimeUnit.SECONDS) || consumerFailure.get() != null) {
            throw new IllegalStateException("the raw consumer did not start", consumerFailure.get());
        }
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig("bench-raw-lag"),
                new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor(topic);
        List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection conn = db();
                connections.add(conn);
                return conn.prepareStatement("""
                        insert into bench_raw (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                               payload, payloadrevision, payloadtype, timestamp)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService writers = Executors.newFixedThreadPool(cfg.clients(), r -> new Thread(r, "bench-raw-writer"));
        ConcurrentLinkedQueue<long[]> idleSeq = new ConcurrentLinkedQueue<>(); // [index] of aggregates to bump
        Map<Long, Long> sequences = new ConcurrentHashMap<>();
        rawAcked = new Latencies();
        rawApplied = new Latencies();
        try (VisibilityPoller poller = new VisibilityPoller(rows, "sequence")) {
            return paced("raw", pace, poller, null, (i, intended, inWindow, done) -> writers.execute(() -> {
                try {
                    long[] bump = i % 2 == 1 ? idleSeq.poll() : null;
                    long aggregate = bump != null ? bump[0] : i;
                    long seq = sequences.merge(aggregate, bump != null ? 1L : 0L, Long::sum);
                    String id = "raw-" + pace.rate() + "-" + aggregate;
                    EventRow row = sample.get((int) (i % sample.size()));
                    PreparedStatement ps = insert.get();
                    ps.setString(1, id);
                    ps.setLong(2, seq);
                    ps.setString(3, row.type());
                    ps.setString(4, UUID.randomUUID().toString());
                    ps.setBytes(5, row.metadata());
                    ps.setBytes(6, row.payload());
                    ps.setString(7, row.payloadRevision());
                    ps.setString(8, row.payloadType());
                    ps.setString(9, Instant.now().toString());
                    ps.executeUpdate();
                    long committed = System.nanoTime();
                    ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, id, row.payload());
                    rec.headers().add("seamline-sequence", Long.toString(seq).getBytes(StandardCharsets.UTF_8));
                    rawCommittedAt.put(id + "#" + seq, committed);
                    producer.send(rec, (md, ex) -> {
                        if (ex == null) {
                            rawAcked.add(System.nanoTime() - committed);
                        }
                    });
                    done.committed(committed, id, seq, () -> idleSeq.add(new long[]{aggregate}));
                } catch (Exception e) {
                    done.failed(e.toString());
                }
            }));
        } finally {
            writers.shutdown();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(10));
            consuming.set(false);
            consumer.join(10_000);
            for (Connection conn : connections) {
                conn.close();
            }
        }
    }

    /** What a paced tick reports back: committed (with the id and version to watch for) or failed. */
    interface Completion {
        void committed(long committedAtNanos, String id, long version, Runnable onVisible);

        void failed(String error);
    }

    /** Issues one command of a paced run, asynchronously; must call the completion exactly once. */
    @FunctionalInterface
    interface Tick {
        void issue(long i, long intendedNanos, boolean inWindow, Completion done) throws Exception;
    }

    private LagRun paced(String name, Pace pace, VisibilityPoller poller, long[] stageLag, Tick tick) throws Exception {
        long period = TimeUnit.SECONDS.toNanos(1) / pace.rate();
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(pace.warmupSeconds());
        long to = from + TimeUnit.SECONDS.toNanos(pace.durationSeconds());
        int maxInFlight = 256;
        Semaphore inFlight = new Semaphore(maxInFlight);
        Latencies commandLatency = new Latencies();
        LongAdder accepted = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder skipped = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        poller.start();
        CpuMeter.Snapshot c0 = null;
        for (long i = 0; ; i++) {
            long intended = start + i * period;
            if (intended >= to) {
                break;
            }
            sleepUntil(intended);
            boolean inWindow = intended >= from;
            if (inWindow && c0 == null) {
                c0 = cpu.snapshot(service.pid());
            }
            if (!inFlight.tryAcquire()) {
                if (inWindow) {
                    skipped.increment();
                } // open loop: a tick that finds 256 commands in flight is dropped, and counted
                continue;
            }
            tick.issue(i, intended, inWindow, new Completion() {
                @Override
                public void committed(long at, String id, long version, Runnable onVisible) {
                    inFlight.release();
                    if (inWindow) {
                        accepted.increment();
                        commandLatency.add(at - intended); // from the intended send: no coordinated omission
                    }
                    poller.expect(id, version, at, inWindow, onVisible);
                }

                @Override
                public void failed(String error) {
                    inFlight.release();
                    errors.increment();
                    firstError.compareAndSet(null, error);
                }
            });
        }
        CpuMeter.Snapshot c1 = cpu.snapshot(service.pid());
        inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS);
        long notVisible = poller.drain(Duration.ofSeconds(15));
        String stages = stageLag != null
                ? String.format(Locale.ROOT, "the relay lagged the head of the log by at most %,d events, the "
                + "rowstore consumer by at most %,d events (sampled every 100 ms from `projection_watermark`; the "
                + "rowstore's is its highest applied global index, which can understate a lag spread over partitions)", stageLag[0], stageLag[1])
                : String.format(Locale.ROOT, "broker ack p50 %s / p99 %s after the commit; applied by the consumer "
                        + "(its transaction committed) p50 %s / p99 %s after the commit", BenchReport.ms(rawAcked.p50()),
                BenchReport.ms(rawAcked.p99()), BenchReport.ms(rawApplied.p50()), BenchReport.ms(rawApplied.p99()));
        LagRun result = new LagRun(name + " at " + pace.rate() + "/s", poller.lag, commandLatency, accepted.sum(),
                errors.sum(), skipped.sum(), notVisible, poller.censoredFloorNanos / 1e6, pace.durationSeconds(),
                firstError.get(), CpuMeter.describe(c0, c1), stages);
        log("lag %s: %s", result.name(), stages);
        log("lag %s: %.0f/s accepted, commit->visible %s, command %s, %d errors, %d skipped, %d not visible",
                result.name(), result.achievedRate(), result.lag().summary(), commandLatency.summary(), result.errors(),
                result.skipped(), notVisible);
        return result;
    }

    /**
     * Watches rows until they show an expected version: every {@code pollMillis} one query for all ids still
     * pending. A row seen by a query is credited with that query's start time (its snapshot), so each lag is
     * exact to within one poll interval plus one query.
     */
    private final class VisibilityPoller implements AutoCloseable {
        private record Pending(long committedAt, long version, boolean inWindow, Runnable onVisible) {
        }

        final Latencies lag = new Latencies();
        private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
        private final String sql;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong notVisible = new AtomicLong();
        private volatile long censoredFloorNanos = Long.MAX_VALUE;
        private Thread thread;

        VisibilityPoller(String table, String versionColumn) {
            this.sql = "select id, " + versionColumn + " from " + table + " where id = any(?)";
        }

        void start() {
            thread = Thread.ofPlatform().name("bench-poller").start(this::loop);
        }

        void expect(String id, long version, long committedAt, boolean inWindow, Runnable onVisible) {
            pending.put(id, new Pending(committedAt, version, inWindow, onVisible));
        }

        private void loop() {
            try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    List<String> ids = new ArrayList<>();
                    for (Map.Entry<String, Pending> e : pending.entrySet()) {
                        if (e.getValue().committedAt() < t0) {
                            ids.add(e.getKey());
                        }
                    }
                    if (!ids.isEmpty()) {
                        ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                String id = rs.getString(1);
                                Pending p = pending.get(id);
                                if (p != null && rs.getLong(2) >= p.version() && p.committedAt() < t0
                                        && pending.remove(id, p)) {
                                    if (p.inWindow()) {
                                        lag.add(t0 - p.committedAt());
                                    }
                                    p.onVisible().run();
                                }
                            }
                        }
                    }
                    LockSupport.parkNanos(t0 + TimeUnit.MILLISECONDS.toNanos(cfg.pollMillis()) - System.nanoTime());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the visibility poller failed", e);
            }
        }

        /** Waits for the pending rows; returns how many of the window's never became visible. */
        long drain(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                ServiceProcess.sleep(20);
            }
            // never visible: counted at the time waited (a lower bound), so the percentiles do not flatter
            long now = System.nanoTime();
            long censored = 0;
            for (Pending p : pending.values()) {
                if (p.inWindow()) {
                    lag.add(now - p.committedAt());
                    censoredFloorNanos = Math.min(censoredFloorNanos, now - p.committedAt());
                    censored++;
                }
            }
            notVisible.set(censored);
            return censored;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }

    private void lagSection(Pace goal, LagRun lag, LagRun raw, LagRun lowLag, LagRun lowRaw) {
        BenchReport.Section s = report.section(
                String.format(Locale.ROOT, "3. Lag: commit → visible in the row store at %d commands/s", goal.rate()),
                String.format(Locale.ROOT, "A scheduler issues CreateProduct and UpdateProduct (PATCH price), "
                                + "alternating, open loop at %d/s (%d s warm-up, %d s measured). Lag runs from the "
                                + "HTTP 2xx (the command has committed) until `rowstore_product.sequence` shows the "
                                + "command's version; one poller queries all pending ids every %d ms over JDBC and "
                                + "credits a row with the start of the query that first saw it (resolution: one poll "
                                + "interval plus one query). Baseline: the raw pipeline at the same rate, i.e. a "
                                + "plain JDBC commit of a real event row, a raw producer send with the relay's "
                                + "settings, a plain consumer upserting rows and a watermark in one transaction per "
                                + "poll, watched by the same poller from the commit. The raw pipeline sends right "
                                + "after the commit; Seamline's relay has to find the event in the store first.%s",
                        goal.rate(), goal.warmupSeconds(), goal.durationSeconds(), cfg.pollMillis(),
                        lowLag == null ? "" : String.format(Locale.ROOT, " The last rows repeat the measurement at "
                                        + "%d/s (%d s measured) as a reference below the machine's capacity; the goal "
                                        + "applies to %d/s.", cfg.lagLowRate(), (int) lowLag.seconds(), goal.rate())));
        lagRows(s, lag, raw, goal.rate(), "");
        if (lowLag != null) {
            lagRows(s, lowLag, lowRaw, cfg.lagLowRate(), String.format(" at %d/s", cfg.lagLowRate()));
        }
        for (LagRun r : lowLag == null ? List.of(lag, raw) : List.of(lag, raw, lowLag, lowRaw)) {
            s.note(String.format(Locale.ROOT, "%s: %,d lag samples, %d errors%s, %d ticks in the window skipped (256 "
                            + "in flight), %d not visible 15 s after the last command (counted in the lag at the time "
                            + "waited, marked ≥); command latency p50 %s; %s. CPU in the window: %s.",
                    r.name(), r.lag().count(), r.errors(),
                    r.firstError() == null ? "" : " (first: `" + abbreviate(r.firstError(), 160) + "`)", r.skipped(),
                    r.notVisible(), BenchReport.ms(r.commandLatency().p50()), r.stages(), r.cpu()));
        }
    }

    private static void lagRows(BenchReport.Section s, LagRun lag, LagRun raw, int rate, String suffix) {
        boolean goal = suffix.isEmpty();
        s.row("commit → visible p50" + suffix, lag.lagMs(lag.lag().p50()), raw.lagMs(raw.lag().p50()),
                BenchReport.ratio(lag.lag().p50(), raw.lag().p50()), "", "");
        s.row("commit → visible p99" + suffix, lag.lagMs(lag.lag().p99()), raw.lagMs(raw.lag().p99()),
                BenchReport.ratio(lag.lag().p99(), raw.lag().p99()), goal ? "< 250 ms" : "(reference)",
                goal ? BenchReport.met(lag.lag().p99() < 250 && lag.notVisible() == 0) : "");
        s.row("commit → visible max" + suffix, lag.lagMs(lag.lag().maxMs()), raw.lagMs(raw.lag().maxMs()),
                BenchReport.ratio(lag.lag().maxMs(), raw.lag().maxMs()), "", "");
        s.row("achieved rate (2xx / s)" + suffix, BenchReport.perSecond(lag.achievedRate()),
                BenchReport.perSecond(raw.achievedRate()), BenchReport.ratio(lag.achievedRate(), raw.achievedRate()),
                String.format("%d/s", rate), BenchReport.met(lag.achievedRate() >= 0.98 * rate));
        s.row("command latency p99 (from intended send)" + suffix, BenchReport.ms(lag.commandLatency().p99()),
                BenchReport.ms(raw.commandLatency().p99()),
                BenchReport.ratio(lag.commandLatency().p99(), raw.commandLatency().p99()), "", "");
    }

    // ------------------------------------------------------------------------------------------------
    // 2. relay
    // ------------------------------------------------------------------------------------------------

    record RelayRun(long events, long head, double launchToFirstBatch, double launchToLive, double launchToHead,
                    double firstToLastSeconds, long eventsFirstToLast, String topic, String cpu) {
        double rate() {
            return eventsFirstToLast == 0 || firstToLastSeconds <= 0 ? Double.NaN : eventsFirstToLast / firstToLastSeconds;
        }

        double rateFromLaunch() {
            return events / launchToHead;
        }
    }

    /**
     * Stops the service, deletes the relay's token and watermark, restarts it on a fresh topic and times the
     * replay of the whole log from the relay watermark's progress (polled every {@code pollMillis} over JDBC).
     */
    private RelayRun relayReplay() throws Exception {
        long head = head();
        awaitWatermark("relay", head, Duration.ofMinutes(2));
        long events = scalar("select count(*) from domainevententry");
        log("relay: stopping the service; replaying %,d events (head %d) to a fresh topic", events, head);
        service.close();
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from tokenentry where processorname = 'relay'");
            s.executeUpdate("delete from projection_watermark where consumer = 'relay'");
        }
        String topic = "bench.relay." + run;
        service = launchService(topic, "2", List.of());
        long launched = service.launchedAtNanos();
        AtomicLong liveAt = new AtomicLong();
        ServiceProcess replaying = service;
        Thread.ofVirtual().start(() -> {
            try {
                replaying.awaitHttp200("/q/health/live", Duration.ofMinutes(3));
                liveAt.set(System.nanoTime());
            } catch (RuntimeException ignored) {
                // the watermark loop below reports a service that does not come up
            }
        });
        long firstAt = 0;
        long firstApplied = 0;
        long lastAt = 0;
        long lastApplied = 0;
        CpuMeter.Snapshot c0 = null;
        long deadline = launched + TimeUnit.MINUTES.toNanos(5);
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select last_global_index, applied_events from projection_watermark where consumer = 'relay'")) {
            while (true) {
                long t = System.nanoTime();
                if (t > deadline || !service.alive()) {
                    throw new IllegalStateException("the relay did not reach the head " + head + "; service log:\n"
                            + service.tail(40));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long index = rs.getLong(1);
                        long applied = rs.getLong(2);
                        if (firstAt == 0) {
                            firstAt = t;
                            firstApplied = applied;
                            c0 = cpu.snapshot(service.pid());
                        }
                        lastAt = t;
                        lastApplied = applied;
                        if (index >= head) {
                            break;
                        }
                    }
                }
                LockSupport.parkNanos(t + TimeUnit.MILLISECONDS.toNanos(cfg.pollMillis()) - System.nanoTime());
            }
        }
        CpuMeter.Snapshot c1 = cpu.snapshot(service.pid());
        double toLive = liveAt.get() == 0 ? Double.NaN : (liveAt.get() - launched) / 1e9;
        RelayRun relay = new RelayRun(events, head, (firstAt - launched) / 1e9, toLive, (lastAt - launched) / 1e9,
                (lastAt - firstAt) / 1e9, lastApplied - firstApplied, topic, CpuMeter.describe(c0, c1));
        log("relay: first batch %.2f s after launch, head %.2f s after launch; %,d events in %.2f s = %.0f events/s",
                relay.launchToFirstBatch(), relay.launchToHead(), relay.eventsFirstToLast(), relay.firstToLastSeconds(),
                relay.rate());
        service.close();
        service = null;
        return relay;
    }

    record RawProduce(long events, double seconds, double batchedSeconds, String cpu) {
        double rate() {
            return events / seconds;
        }

        double batchedRate() {
            return events / batchedSeconds;
        }

        /** The ceiling: the faster of the two ways of sending. */
        double bestRate() {
            return Math.max(rate(), batchedRate());
        }
    }

    /**
     * The relay's ceiling: the same envelopes (read back from the first topic with a plain consumer, in
     * global order) sent by a raw producer with the relay's settings to a fresh topic, timed until all are
     * acked; then once more awaiting the acks of every batch before the next, as the relay does.
     */
    private RawProduce rawProduce(long expected) throws Exception {
        List<ProducerRecord<String, byte[]>> envelopes = readTopic(FIRST_TOPIC, expected);
        log("raw producer: %,d envelopes read back from %s", envelopes.size(), FIRST_TOPIC);
        String topic = "bench.raw." + run;
        String batchedTopic = "bench.raw-batched." + run;
        String warmupTopic = "bench.raw-warmup." + run;
        TopicProvisioner.ensure(bootstrap, topic, 6);
        TopicProvisioner.ensure(bootstrap, batchedTopic, 6);
        TopicProvisioner.ensure(bootstrap, warmupTopic, 6);
        double seconds;
        double batched;
        CpuMeter.Snapshot c0;
        CpuMeter.Snapshot c1;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig("bench-raw-relay"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            producer.partitionsFor(batchedTopic);
            // an untimed pass first, so neither timed pass pays for this JVM's JIT or the broker's first writes
            for (ProducerRecord<String, byte[]> r : envelopes) {
                producer.send(new ProducerRecord<>(warmupTopic, null, r.key(), r.value(), r.headers()));
            }
            producer.flush();
            c0 = cpu.snapshot(-1);
            long t0 = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>(envelopes.size());
            for (ProducerRecord<String, byte[]> r : envelopes) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(2, TimeUnit.MINUTES);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            c1 = cpu.snapshot(-1);
            long t1 = System.nanoTime();
            for (int i = 0; i < envelopes.size(); i += cfg.relayBatch()) {
                List<Future<RecordMetadata>> batch = new ArrayList<>();
                for (ProducerRecord<String, byte[]> r : envelopes.subList(i, Math.min(envelopes.size(), i + cfg.relayBatch()))) {
                    batch.add(producer.send(new ProducerRecord<>(batchedTopic, null, r.key(), r.value(), r.headers())));
                }
                for (Future<RecordMetadata> ack : batch) {
                    ack.get(2, TimeUnit.MINUTES);
                }
            }
            batched = (System.nanoTime() - t1) / 1e9;
        }
        RawProduce raw = new RawProduce(envelopes.size(), seconds, batched, CpuMeter.describe(c0, c1));
        log("raw producer: %.0f events/s (awaiting acks per %d: %.0f events/s)", raw.rate(), cfg.relayBatch(),
                raw.batchedRate());
        return raw;
    }

    private List<ProducerRecord<String, byte[]>> readTopic(String topic, long expected) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(consumerConfig(null))) {
            List<TopicPartition> partitions = kc.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            long end = kc.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (records.size() < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : kc.poll(Duration.ofMillis(500))) {
                    records.add(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
                }
            }
        }
        records.sort(Comparator.comparingLong(r -> Long.parseLong(header(r.headers().lastHeader("seamline-global-index")))));
        if (records.size() != expected) {
            log("note: %s holds %,d records, the log %,d events", topic, records.size(), expected);
        }
        return records;
    }

    private void relaySection(RelayRun relay, RawProduce raw) {
        BenchReport.Section s = report.section("2. Relay: event store → Kafka",
                String.format(Locale.ROOT, "A replay of the whole log (%,d events, head %d): the service is stopped, "
                                + "the relay's token and watermark are deleted, and it is restarted on a fresh topic "
                                + "(`%s`). The rate is taken between the first and the last advance of the relay "
                                + "watermark (polled every %d ms over JDBC), so start-up is excluded and reported "
                                + "apart. Baseline: the same envelopes, read back from `%s` with a plain consumer, sent "
                                + "in global order by a raw kafka-clients producer with the relay's settings "
                                + "(idempotent, acks=all, linger.ms=5, max.in.flight=5) to a fresh 6-partition topic, "
                                + "timed from the first send until every send is acked (after one untimed pass to a scratch topic); "
                + "once with every send in flight at once, once awaiting the acks of each batch of %d before the "
                + "next, as the relay does. The faster of the two is the ceiling.",
                        relay.events(), relay.head(), relay.topic(), cfg.pollMillis(), FIRST_TOPIC, cfg.relayBatch()));
        s.row("relay throughput (first → last batch) vs the raw ceiling (the faster of the two raw rows below)",
                BenchReport.perSecond(relay.rate()), BenchReport.perSecond(raw.bestRate()),
                BenchReport.ratio(relay.rate(), raw.bestRate()), "≥ 0.7× raw",
                BenchReport.met(relay.rate() >= 0.7 * raw.bestRate()));
        s.row("relay throughput including start-up (launch → head)", BenchReport.perSecond(relay.rateFromLaunch()),
                BenchReport.perSecond(raw.bestRate()), BenchReport.ratio(relay.rateFromLaunch(), raw.bestRate()), "", "");
        s.row("vs a raw producer with every send in flight at once", BenchReport.perSecond(relay.rate()),
                BenchReport.perSecond(raw.rate()), BenchReport.ratio(relay.rate(), raw.rate()), "", "");
        s.row(String.format("vs a raw producer awaiting the acks of every %d before the next (the relay's batch "
                        + "discipline)", cfg.relayBatch()), BenchReport.perSecond(relay.rate()),
                BenchReport.perSecond(raw.batchedRate()), BenchReport.ratio(relay.rate(), raw.batchedRate()), "", "");
        s.note(String.format(Locale.ROOT, "Start-up: the service answered /q/health/live %.2f s after launch; the "
                        + "relay's first batch was acked and committed %.2f s after launch; it reached the head %.2f s "
                        + "after launch (%,d events between the first and last batch, in %.2f s).",
                relay.launchToLive(), relay.launchToFirstBatch(), relay.launchToHead(), relay.eventsFirstToLast(),
                relay.firstToLastSeconds()));
        s.note("During the replay the rowstore consumer of the restarted service reads the new topic as well "
                + "(every event is skipped by its sequence guard); it shares the two cores with the relay.");
        s.note("CPU during the replay: " + relay.cpu() + ". CPU during the raw send: " + raw.cpu() + ".");
    }

    // ------------------------------------------------------------------------------------------------
    // profile, facts
    // ------------------------------------------------------------------------------------------------

    private void profileSection(Path jfrFile, ClosedLoop create, ClosedLoop order) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Where the write path's time goes\n\n");
        md.append("The service ran with JFR (`jcmd <pid> JFR.start settings=profile`) from the start of the "
                + "CreateProduct warm-up to the end of the PlaceOrder phase (`target/bench-write.jfr`). Machine CPU "
                + "during the measured windows (cores):\n\n");
        md.append("- CreateProduct: ").append(create.cpu()).append('\n');
        md.append("- PlaceOrder: ").append(order.cpu()).append("\n\n");
        md.append("### Service CPU by OS thread (from /proc; includes the JIT compiler and GC threads JFR does not "
                + "sample)\n\nCreateProduct window:\n\n").append(create.serviceThreads())
                .append("\nPlaceOrder window:\n\n").append(order.serviceThreads()).append('\n');
        md.append("### JFR: where the service's Java threads spend CPU, and where they block\n\n");
        md.append(JfrSummary.markdown(jfrFile, 15, List.of(
                new JfrSummary.Window(create.name(), create.windowFrom(), create.windowTo()),
                new JfrSummary.Window(order.name(), order.windowFrom(), order.windowTo()))));
        String hot = jfrView(jfrFile, "hot-methods");
        if (hot != null) {
            md.append("<details><summary><code>jfr view hot-methods target/bench-write.jfr</code></summary>\n\n```\n")
                    .append(hot.strip()).append("\n```\n\n</details>\n");
        }
        report.append(md.toString());
    }

    private String jfrView(Path jfrFile, String view) {
        try {
            Process p = new ProcessBuilder(javaHome.resolve("bin/jfr").toString(), "view", "--width", "160", view,
                    jfrFile.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void facts(Instant started, String loadBefore, String loadAfter, double ready) throws Exception {
        report.fact("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        report.fact("Source", sourceVersion());
        report.fact("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.fact("CPU model", cpuModel());
        report.fact("Memory", memTotal());
        report.fact("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        report.fact("JDK (harness and service)", System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + javaHome + ")");
        report.fact("PostgreSQL", scalarString("select version()") + "; fsync=" + scalarString("show fsync")
                + ", synchronous_commit=" + scalarString("show synchronous_commit"));
        report.fact("Kafka", AppInfoParser.getVersion() + ", single-node KRaft broker in the harness JVM, "
                + "log.flush.interval.messages=1");
        report.fact("Processes", "PostgreSQL server and Kafka broker started by the harness "
                + "(`EmbeddedInfra.start`); the service is `java -jar target/quarkus-app/quarkus-run.jar` as a "
                + "child process (ready " + BenchReport.num(ready, 1) + " s after launch)");
        report.fact("Settings", String.format(Locale.ROOT, "JVM warm-up %d s (creates, then orders; not measured); "
                        + "per phase %d s warm-up + %d s measured, %d clients; lag %d/s for %d s (+%d s warm-up); "
                        + "poll %d ms", cfg.jvmWarmupSeconds(), cfg.warmupSeconds(), cfg.durationSeconds(),
                cfg.clients(), cfg.lagRate(), cfg.lagDurationSeconds(), cfg.lagWarmupSeconds(), cfg.pollMillis()));
        report.fact("Load average (1, 5, 15 min) before / after", loadBefore.substring(0, nthSpace(loadBefore, 3))
                + " / " + loadAfter.substring(0, nthSpace(loadAfter, 3)));
        report.fact("Noise", "2 shared cores: absolute figures vary from run to run; compare the ratios, which "
                + "pair each figure with a baseline taken minutes apart on the same servers");
    }

    /** The commit the service was built from, and the files that differed from it (git, when there is one). */
    private String sourceVersion() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null) {
            return "unknown (no git)";
        }
        String dirty = git("status", "--short", "--untracked-files=no", "--", "src/main", "pom.xml", "eventstore",
                "projections");
        return dirty == null || dirty.isBlank() ? "commit " + head
                : "commit " + head + " plus uncommitted changes to " + String.join(", ", dirty.lines()
                .map(l -> "`" + l.substring(Math.min(3, l.length())).trim() + "`").toList());
    }

    private String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", project.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String commandLine() {
        StringBuilder args = new StringBuilder();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.")).sorted()
                .forEach(k -> args.append(args.isEmpty() ? "" : " ").append("-D").append(k).append('=')
                        .append(System.getProperty(k)));
        return args.isEmpty() ? "make bench" : "make bench BENCH_ARGS=\"" + args + "\"";
    }

    // ------------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------------

    private void loadCatalogue() {
        for (CreateProductCommand c : DemoCatalogue.commands()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("title", c.title());
            if (c.description() != null && !c.description().isBlank()) {
                body.put("description", c.description());
            }
            if (c.category() != null) {
                body.put("category", c.category());
            }
            body.put("price", Map.of("amount", c.price().amount(), "currency", c.price().currency()));
            body.put("attributes", c.attributes());
            try {
                productBodies.add(json.writeValueAsString(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A real catalogue product (title, description, category, price, attributes) under a fresh SKU. */
    private String productBody(String sku, long n) {
        String rest = productBodies.get((int) Math.floorMod(n, (long) productBodies.size()));
        return "{\"sku\":\"" + sku + "\"," + rest.substring(1);
    }

    private static String orderBody(List<String> products) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder("{\"customerId\":\"cust-").append(rnd.nextInt(100_000)).append("\",\"lines\":[");
        int lines = 1 + rnd.nextInt(3);
        for (int i = 0; i < lines; i++) {
            b.append(i == 0 ? "" : ",").append("{\"productId\":\"").append(products.get(rnd.nextInt(products.size())))
                    .append("\",\"quantity\":").append(1 + rnd.nextInt(3)).append('}');
        }
        return b.append("]}").toString();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest patch(String path, String body) {
        return HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, PG_USER, PG_PASSWORD);
    }

    private long head() throws SQLException {
        return scalar("select coalesce(max(globalindex), -1) from domainevententry");
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String scalarString(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void awaitWatermark(String consumer, long head, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select last_global_index from projection_watermark where consumer = ?")) {
            ps.setString(1, consumer);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (head < 0 || rs.next() && rs.getLong(1) >= head) {
                        return;
                    }
                }
                ServiceProcess.sleep(50);
            }
        }
        throw new IllegalStateException(consumer + " did not reach global index " + head + " within " + timeout);
    }

    /**
     * Waits until every product is in the row store. (Not the rowstore watermark: it is the highest global index
     * of the last applied batch, and a batch drawn from some of the topic's partitions can carry it past events
     * still waiting in another partition.)
     */
    private void awaitVisible(List<String> ids, Duration timeout) throws Exception {
        long t = System.nanoTime();
        long deadline = t + timeout.toNanos();
        boolean watermarkAhead = false;
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from rowstore_product where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            long head = head();
            while (System.nanoTime() < deadline) {
                long watermark = scalar("select coalesce(max(last_global_index), -1) from projection_watermark "
                        + "where consumer = 'rowstore'");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == ids.size()) {
                        log("%,d products visible in the row store after %.1f s%s", ids.size(), secondsSince(t),
                                watermarkAhead ? " (the rowstore watermark had reached the head before they all were)"
                                        : "");
                        return;
                    }
                }
                watermarkAhead |= watermark >= head;
                ServiceProcess.sleep(50);
            }
        }
        throw new IllegalStateException(ids.size() + " products not all visible in the row store within " + timeout);
    }

    /** Lets the relay and the rowstore consumer catch up with the log, so a baseline does not share the CPU. */
    private void awaitQuiet() throws Exception {
        long t = System.nanoTime();
        long head = head();
        try {
            awaitWatermark("relay", head, Duration.ofMinutes(3));
            awaitWatermark("rowstore", head, Duration.ofMinutes(3));
            log("relay and rowstore at the head (%d) after %.1f s", head, secondsSince(t));
        } catch (IllegalStateException e) {
            log("going on although %s", e.getMessage());
        }
    }

    private Properties producerConfig(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    private Properties consumerConfig(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    private static String header(Header h) {
        return h == null ? "0" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String match(Pattern p, String body) {
        Matcher m = p.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    private static <T> List<T> shuffled(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, new java.util.Random(7));
        return copy;
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    private static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }

    private static int nthSpace(String s, int n) {
        int idx = -1;
        for (int i = 0; i < n; i++) {
            idx = s.indexOf(' ', idx + 1);
            if (idx < 0) {
                return s.length();
            }
        }
        return idx;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC)
                .format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), String.format(Locale.ROOT, format, args));
    }
}
