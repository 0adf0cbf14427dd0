package io.seamline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.eval.SeededDemoService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import static io.seamline.bench.BenchLog.log;
import static io.seamline.bench.BenchReport.ms;
import static io.seamline.bench.BenchReport.num;
import static org.awaitility.Awaitility.await;

/**
 * {@code make bench-capacity} (issue 16's benchmark): the packaged service on the demo catalogue with every read model
 * running, under a mixed open-loop load through the HTTP API ({@link MixedCommands}: 85 % price changes, 5 %
 * description changes, 10 % order commands). Measures commit → visible per read model ({@link PropagationLag}),
 * machine CPU and CPU (service + PostgreSQL) per event at {@code bench.capacity.rate} (200/s) for
 * {@code bench.capacity.seconds} (300 s) and at {@code bench.capacity.low-rate} (100/s) for
 * {@code bench.capacity.low-seconds} (60 s), then searches the knee over {@code bench.capacity.knee-rates}
 * (300,400,500,600) for {@code bench.capacity.knee-seconds} (60 s) each, stopping at the first rate that misses.
 * Then the write path with 16 closed-loop clients against a plain HTTP + JDBC endpoint ({@link WritePathPhase},
 * {@link PlainEndpoint}), the warehouse's rebuild and the relay against a raw producer ({@link RelayPhase}). The
 * write-path and relay phases take their settings from {@link BenchConfig} ({@code bench.warmup},
 * {@code bench.duration}, {@code bench.clients}). Writes {@code docs/evidence/bench-capacity.md}.
 */
public final class CapacityBenchmark {

    private static final String TOPIC = "seamline.events";
    private static final double FRESH_MS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int rate = Integer.getInteger("bench.capacity.rate", 200);
    private final int seconds = Integer.getInteger("bench.capacity.seconds", 300);
    private final int lowRate = Integer.getInteger("bench.capacity.low-rate", 100);
    private final int lowSeconds = Integer.getInteger("bench.capacity.low-seconds", 60);
    private final List<Integer> kneeRates = Arrays.stream(System.getProperty("bench.capacity.knee-rates",
            "300,400,500,600").split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private final int kneeSeconds = Integer.getInteger("bench.capacity.knee-seconds", 60);
    private final int warmupSeconds = Integer.getInteger("bench.capacity.warmup", 30);
    private final int productCount = Integer.getInteger("bench.capacity.products", 500);

    private final BenchConfig cfg = BenchConfig.fromSystemProperties();
    private final Path project = Path.of("").toAbsolutePath();
    private final Path javaHome;
    private final Path appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
    private final Path jfrFile = project.resolve("target/bench-capacity.jfr");
    private final String run = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
            .format(Instant.now());
    private final BenchReport report = new BenchReport("Seamline capacity benchmark",
            "io.seamline.bench.CapacityBenchmark");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(16)).build();

    private BenchServers servers;
    private volatile ServiceLauncher services;

    /** One measured phase of the mix at a target rate. */
    record LoadPhase(int target, int seconds, OpenLoop.Outcome load, Map<String, PrometheusHistogram> hops,
                     long events, double cpuSeconds, double machineCores, double caughtUpSeconds, String cpu,
                     String mix) {

        double p99Ms(String hop) {
            return hops.get(hop).quantile(0.99) * 1000;
        }

        double p50Ms(String hop) {
            return hops.get(hop).quantile(0.5) * 1000;
        }

        /** The read model with the highest p99. */
        String slowest() {
            return PropagationLag.MODELS.stream().max(Comparator.comparingDouble(this::p99Ms)).orElseThrow();
        }

        /** Every read model's p99 under {@link #FRESH_MS} (a model that saw nothing counts as a miss). */
        boolean fresh() {
            return PropagationLag.MODELS.stream().allMatch(m -> p99Ms(m) < FRESH_MS);
        }

        boolean keptRate() {
            return load.achievedRate() >= 0.95 * target;
        }

        boolean passed() {
            return fresh() && keptRate();
        }

        double cpuPerEventMs() {
            return events <= 0 ? Double.NaN : cpuSeconds * 1000 / events;
        }
    }

    /** The service's CPU by thread and, with {@code bench.jfr}, the JFR summary of the main phase. */
    private record Profile(String threads, String jfr) {
    }

    /** The warehouse rebuilt from the log by the admin replay. */
    record Rebuild(long records, double seconds, double jobRate) {
        double rate() {
            return records / seconds;
        }
    }

    private CapacityBenchmark() {
        javaHome = ServiceProcess.javaHome();
    }

    public static void main(String[] args) throws Exception {
        CapacityBenchmark bench = new CapacityBenchmark();
        HarnessExit.run(() -> {
            bench.run();
            return 0;
        }, bench::shutdown);
    }

    private void run() throws Exception {
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` (make bench-capacity does) first");
        }
        String loadBefore = Machine.loadAverage();
        Instant started = Instant.now();
        // before the servers: its HttpClient's System.Logger lookup has to precede their use of java.util.logging
        CommandApi api = new CommandApi(() -> services.current());
        servers = BenchServers.start(project.resolve("target/bench-capacity-data"));
        BenchDatabase db = servers.db();
        BenchKafka kafka = servers.kafka();
        services = new ServiceLauncher(javaHome, appJar, project.resolve("target"), db, kafka.bootstrap(),
                servers.dataDir(), cfg.relayBatch(), "demo");
        ServiceProcess service = services.launch(TOPIC, "capacity",
                cfg.jfr() ? List.of("-XX:FlightRecorderOptions:stackdepth=256") : List.of());
        double ready = service.awaitHttp200("/q/health/ready", Duration.ofMinutes(5));
        log("service (pid %d) ready %.1f s after launch; waiting for every read model to apply the demo catalogue",
                service.pid(), ready);
        Harness h = new Harness(cfg, run, db, kafka, servers.cpuMeter(), services, api);
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SeededDemoService.seeded(service.tail(Integer.MAX_VALUE)));
        double seeded = awaitCaughtUp(Duration.ofMinutes(30));
        long seededHead = db.head();
        log("every read model caught up with the seeded log (head %d), %.0f s after the seeder finished", seededHead,
                seeded);
        List<String> products = productIds(productCount);
        log("%d demo products to change and order", products.size());

        if (warmupSeconds > 0) {
            log("JIT warm-up: the mix at %d/s for %d s, not measured", rate, warmupSeconds);
            phase(h, products, rate, warmupSeconds, false);
        }
        List<LoadPhase> phases = new ArrayList<>();
        ProfiledPhase main = profiledPhase(h, products);
        phases.add(main.phase());
        LoadPhase low = phase(h, products, lowRate, lowSeconds, false);
        phases.add(low);
        for (int kneeRate : kneeRates) {
            LoadPhase p = phase(h, products, kneeRate, kneeSeconds, false);
            phases.add(p);
            if (!p.passed()) {
                break;
            }
        }
        Optional<LoadPhase> knee = phases.stream().filter(LoadPhase::passed)
                .max(Comparator.comparingInt(LoadPhase::target));

        WritePathPhase writePath = new WritePathPhase(h);
        WritePathPhase.Result write = writePath.run(new WriteProfile(javaHome, jfrFile, false));
        ClosedLoop.Result price = ClosedLoop.run(h, "Price change", cfg.warmupSeconds(), cfg.durationSeconds(),
                (client, seq) -> api.updatePrice(products.get((int) ((client * 31L + seq) % products.size())),
                        (5 + seq % 300) + "." + (10 + client)), id -> {
                });
        List<ClosedLoop.Result> seamline = List.of(write.create(), write.order(), price);
        List<ClosedLoop.Result> plain = plainEndpoint(h, write.orderable(), products);
        Rebuild fromKafka = rebuildWarehouse(services.current(), "kafka");
        Rebuild fromBronze = rebuildWarehouse(services.current(), "bronze");
        RelayPhase relayPhase = new RelayPhase(h, TOPIC);
        RelayPhase.Result relay = relayPhase.run();

        goals(main.phase(), low, knee, seamline, plain, fromKafka, fromBronze, relay);
        phases.forEach(this::phaseSection);
        writePathSection(seamline, plain);
        writePath.addSection(report, write);
        relayPhase.addSection(report, relay);
        rebuildSection(fromKafka, fromBronze);
        profileSection(main);
        new RunFacts(cfg, db, project, javaHome).addTo(report, started, loadBefore, Machine.loadAverage(), ready);
        report.fact("Service", "packaged jar as a child process on the harness's PostgreSQL and Kafka, seeded with the "
                + "demo catalogue (`seamline.seed=demo`, " + String.format(Locale.ROOT, "%,d", seededHead + 1)
                + " events; every read model caught up " + num(seeded, 0) + " s after the seeder finished), every read "
                + "model on, "
                + "embedded defaults");
        report.fact("Settings", String.format(Locale.ROOT, "JIT warm-up: the mix at %d/s for %d s; main phase %d/s "
                        + "for %d s; low %d/s for %d s; knee search %s/s, %d s each; write path %d clients, %d s "
                        + "warm-up + %d s; %d products changed and ordered", rate, warmupSeconds, rate, seconds,
                lowRate, lowSeconds, kneeRates, kneeSeconds, cfg.clients(), cfg.warmupSeconds(),
                cfg.durationSeconds(), products.size()));
        report.command(BenchConfig.commandLine("bench-capacity"));
        Path out = Evidence.page(project, "bench-capacity.md");
        report.write(out);
        System.out.println();
        System.out.println(report.tables());
        log("wrote %s (total %.0f s)", project.relativize(out),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    // ---------------------------------------------------------------------------------------------- load phases

    /** The main phase with the service's CPU per thread and, with {@code bench.jfr}, a JFR recording. */
    private record ProfiledPhase(LoadPhase phase, Profile profile) {
    }

    private ProfiledPhase profiledPhase(Harness h, List<String> products) throws Exception {
        ServiceProcess service = services.current();
        Files.deleteIfExists(jfrFile);
        if (cfg.jfr()) {
            // default settings (20 ms samples), not profile: the phase's CPU is itself a goal
            service.jcmd(javaHome, "JFR.start", "name=bench-capacity", "settings=default", "filename=" + jfrFile);
        }
        Map<String, Long> threads0 = CpuMeter.threads(service.pid());
        long t0 = System.nanoTime();
        Instant from = Instant.now();
        LoadPhase phase = phase(h, products, rate, seconds, true);
        Instant to = from.plusMillis((long) (phase.load().windowSeconds() * 1000));
        Map<String, Long> threads1 = CpuMeter.threads(service.pid());
        String table = CpuMeter.threadTable(threads0, threads1, (System.nanoTime() - t0) / 1e9, 20);
        String jfr = "";
        if (cfg.jfr()) {
            service.jcmd(javaHome, "JFR.stop", "name=bench-capacity");
            jfr = JfrSummary.markdown(jfrFile, 15, List.of(new JfrSummary.Window(rate + " updates/s", from, to)));
        }
        return new ProfiledPhase(phase, new Profile(table, jfr));
    }

    /** The mix at {@code target}/s for {@code secs}, then the wait until every read model has applied it. */
    private LoadPhase phase(Harness h, List<String> products, int target, int secs, boolean main) throws Exception {
        awaitCaughtUp(Duration.ofMinutes(10));
        log("mixed load at %d/s for %d s%s", target, secs, main ? " (main phase)" : "");
        ServiceProcess service = services.current();
        MixedCommands mix = new MixedCommands(products, path -> service.request(path).timeout(Duration.ofSeconds(30)));
        long head0 = h.db().head();
        PropagationLag lag = PropagationLag.from(service.get("/q/metrics"));
        CpuMeter.Snapshot c0 = h.cpuNow();
        OpenLoop.Outcome load = OpenLoop.run(http, target, secs, mix::command, mix::acknowledged);
        CpuMeter.Snapshot c1 = h.cpuNow();
        double caughtUp = awaitCaughtUp(Duration.ofMinutes(10));
        CpuMeter.Snapshot c2 = h.cpuNow();
        Map<String, PrometheusHistogram> hops = lag.until(service.get("/q/metrics"));
        long events = h.db().head() - head0;
        LoadPhase phase = new LoadPhase(target, secs, load, hops, events, CpuMeter.serviceAndPostgresSeconds(c0, c2),
                CpuMeter.machineCores(c0, c1), caughtUp, CpuMeter.describe(c0, c1), mix.summary());
        log("%d/s: achieved %.0f/s, slowest read model %s p99 %s, machine %.2f cores, %.2f ms CPU per event; %s",
                target, load.achievedRate(), phase.slowest(), ms(phase.p99Ms(phase.slowest())), phase.machineCores(),
                phase.cpuPerEventMs(), mix.summary());
        return phase;
    }

    private double awaitCaughtUp(Duration timeout) throws InterruptedException {
        ServiceProcess service = services.current();
        return PropagationLag.awaitCaughtUp(() -> json(service.get("/api/freshness")), timeout);
    }

    /** The ids of up to {@code count} products of the demo catalogue that can still be ordered. */
    private List<String> productIds(int count) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(services.current().get("/api/products?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
            page.path("items").forEach(p -> ids.add(p.path("id").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && ids.size() < count);
        return ids.subList(0, Math.min(count, ids.size()));
    }

    // ---------------------------------------------------------------------------------------------- write path

    /**
     * The same 16 closed-loop clients sending the same three bodies to {@link PlainEndpoint}, which parses each and
     * appends a real event row of this run in one transaction.
     */
    private List<ClosedLoop.Result> plainEndpoint(Harness h, List<String> orderable, List<String> products)
            throws Exception {
        List<EventRow> rows = EventRow.sample(h.db(), 2000);
        List<ClosedLoop.Result> results = new ArrayList<>();
        try (PlainEndpoint endpoint = new PlainEndpoint(h.db(), rows, cfg.clients())) {
            List<BiFunction<Integer, Long, HttpRequest>> bodies = List.of(
                    (client, seq) -> h.api().createProduct("PLAIN" + run + "-" + client + "-" + seq, client * 7919L + seq),
                    (client, seq) -> h.api().placeOrder(orderable),
                    (client, seq) -> h.api().updatePrice(products.get((int) ((client * 31L + seq) % products.size())),
                            (5 + seq % 300) + "." + (10 + client)));
            List<String> names = List.of("Plain endpoint, CreateProduct body", "Plain endpoint, PlaceOrder body",
                    "Plain endpoint, price change body");
            for (int i = 0; i < bodies.size(); i++) {
                BiFunction<Integer, Long, HttpRequest> body = bodies.get(i);
                results.add(ClosedLoop.run(h, names.get(i), cfg.warmupSeconds(), cfg.durationSeconds(),
                        (client, seq) -> redirect(body.apply(client, seq), endpoint), id -> {
                        }));
            }
        }
        return results;
    }

    /** The same method, headers and body, sent to the plain endpoint. */
    private static HttpRequest redirect(HttpRequest r, PlainEndpoint endpoint) {
        return HttpRequest.newBuilder(endpoint.uri()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(r.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody())).build();
    }

    // ---------------------------------------------------------------------------------------------- warehouse

    /**
     * {@code POST /api/admin/replay/warehouse?from=...}, timed to DONE: from {@code kafka}, bronze, silver and gold
     * rebuilt from the log (every record validated again); from {@code bronze}, silver and gold folded from the bronze
     * the warehouse holds (its records validated when they landed). Counts the events rebuilt.
     */
    private Rebuild rebuildWarehouse(ServiceProcess service, String from) throws Exception {
        awaitCaughtUp(Duration.ofMinutes(10));
        long t0 = System.nanoTime();
        JsonNode job = json(service.post("/api/admin/replay/warehouse?from=" + from));
        String id = job.path("id").asText();
        JsonNode status = "DONE".equals(job.path("phase").asText()) ? job
                : await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> json(service.get("/api/admin/replays/" + id)),
                                s -> "DONE".equals(s.path("phase").asText()));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!"SUCCEEDED".equals(status.path("outcome").asText())) {
            throw new IllegalStateException("the warehouse replay failed: " + status);
        }
        long events = "bronze".equals(from) ? status.path("details").path("events").asLong()
                : status.path("done").asLong();
        Rebuild r = new Rebuild(events, secs, status.path("ratePerSecond").asDouble(Double.NaN));
        log("warehouse rebuilt from %s: %,d in %.1f s = %,.0f/s", from, r.records(), secs, r.rate());
        return r;
    }

    // ---------------------------------------------------------------------------------------------- report

    private void goals(LoadPhase main, LoadPhase low, Optional<LoadPhase> knee, List<ClosedLoop.Result> seamline,
                       List<ClosedLoop.Result> plain, Rebuild fromKafka, Rebuild fromBronze,
                       RelayPhase.Result relay) {
        BenchReport.Section s = report.section("Goals (issue 16)",
                "Each figure beside its baseline from the same run. Commit → visible is the propagation trace's "
                        + "histogram `" + PropagationLag.LAG + "{hop}` (event store append → applied by the read model), "
                        + "scraped before and after each phase; its baseline is the relay's own hop (append → Kafka "
                        + "ack). CPU per event is the service's and PostgreSQL's CPU (from /proc) from the start of the "
                        + "load until every read model has applied it, divided by the events appended. The "
                        + "dashboard cell has no hop of its own: it is read from gold, so `warehouse.gold` stands for "
                        + "it.");
        String slowest = main.slowest();
        double relayP99 = main.p99Ms(PropagationLag.RELAY);
        s.row("Every read model's commit → visible p99 at " + rate + "/s for " + seconds + " s (slowest: " + slowest
                        + ")", ms(main.p99Ms(slowest)), "relay " + ms(relayP99),
                BenchReport.ratio(main.p99Ms(slowest), relayP99), "< 500 ms", BenchReport.met(main.fresh()));
        s.row("Machine CPU at " + rate + "/s", num(main.machineCores(), 2) + " cores", "2 cores",
                BenchReport.ratio(main.machineCores(), 2), "< 70 % of 2 cores",
                BenchReport.met(main.machineCores() < 1.4));
        String kneeRate = knee.map(k -> k.target() + "/s").orElse("none of the rates");
        s.row("The knee: highest rate with every read model's p99 < 500 ms (and ≥ 95 % of the rate achieved)",
                kneeRate, "goal 400/s", knee.map(k -> BenchReport.ratio(k.target(), 400)).orElse("n/a"),
                "> 400 updates/s", BenchReport.met(knee.isPresent() && knee.get().target() > 400));
        s.row("CPU (service + PostgreSQL) per event at the knee vs at " + lowRate + "/s",
                knee.map(k -> ms(k.cpuPerEventMs()) + " at " + k.target() + "/s").orElse("n/a"),
                ms(low.cpuPerEventMs()) + " at " + lowRate + "/s",
                knee.map(k -> BenchReport.ratio(k.cpuPerEventMs(), low.cpuPerEventMs())).orElse("n/a"), "≤ 1.5×",
                BenchReport.met(knee.isPresent() && knee.get().cpuPerEventMs() <= 1.5 * low.cpuPerEventMs()));
        s.row("CPU (service + PostgreSQL) per event at " + rate + "/s, the mix (85 % price changes)",
                ms(main.cpuPerEventMs()), "issue's 16-client figure 3.9–4.1 ms",
                BenchReport.ratio(main.cpuPerEventMs(), 4.0), "≤ 1.5 ms", BenchReport.met(main.cpuPerEventMs() <= 1.5));
        for (int i = 0; i < seamline.size(); i++) {
            ClosedLoop.Result c = seamline.get(i);
            ClosedLoop.Result p = plain.get(i);
            s.compare("Write path, " + cfg.clients() + " clients: " + c.name() + " vs the plain endpoint",
                    c.throughput(), p.throughput(), BenchReport::perSecond, "≥ 0.5×",
                    BenchReport.met(c.throughput() >= 0.5 * p.throughput()));
        }
        s.compare("Relay (warm replay) vs a raw producer with every send in flight", relay.warm().rate(),
                relay.raw().rate(), BenchReport::perSecond, "≥ 0.7×",
                BenchReport.met(relay.warm().rate() >= 0.7 * relay.raw().rate()));
        s.row("Silver + gold rebuilt from bronze (`?from=bronze`, POST to DONE)",
                BenchReport.perSecond(fromBronze.rate()),
                "bronze + silver + gold from Kafka " + BenchReport.perSecond(fromKafka.rate()),
                BenchReport.ratio(fromBronze.rate(), fromKafka.rate()), "≥ 50,000 events/s",
                BenchReport.met(fromBronze.rate() >= 50_000));
    }

    private void phaseSection(LoadPhase p) {
        BenchReport.Section s = report.section("The mix at " + p.target() + " updates/s for " + p.seconds() + " s",
                "Open loop through the HTTP API, at most " + OpenLoop.MAX_IN_FLIGHT + " commands in flight. p50 / p99 "
                        + "of commit → visible per read model beside the relay's hop in the same window.");
        s.row("Achieved rate (acknowledged / window)", num(p.load().achievedRate(), 0) + "/s", p.target() + "/s",
                BenchReport.ratio(p.load().achievedRate(), p.target()), "≥ 95 % of the target",
                BenchReport.met(p.keptRate()));
        double relayP50 = p.p50Ms(PropagationLag.RELAY);
        double relayP99 = p.p99Ms(PropagationLag.RELAY);
        for (String model : PropagationLag.MODELS) {
            s.row(model + " p50 / p99", ms(p.p50Ms(model)) + " / " + ms(p.p99Ms(model)),
                    "relay " + ms(relayP50) + " / " + ms(relayP99), BenchReport.ratio(p.p99Ms(model), relayP99),
                    "p99 < 500 ms", BenchReport.met(p.p99Ms(model) < FRESH_MS));
        }
        s.row("Machine CPU", num(p.machineCores(), 2) + " of 2 cores", "", "", "", "");
        s.row("CPU (service + PostgreSQL) per event", ms(p.cpuPerEventMs()), "", "", "", "");
        s.note(String.format(Locale.ROOT, "%,d commands issued, %,d acknowledged, %,d refused or failed%s; %,d events "
                        + "appended; %s.", p.load().issued(), p.load().acknowledged(), p.load().refused(),
                BenchReport.firstError(p.load().firstRefusal()), p.events(), p.mix()));
        s.note("CPU during the load: " + p.cpu() + String.format(Locale.ROOT, "; every read model caught up %.1f s "
                + "after the last answer.", p.caughtUpSeconds()));
    }

    private void writePathSection(List<ClosedLoop.Result> seamline, List<ClosedLoop.Result> plain) {
        BenchReport.Section s = report.section("Write path: commands vs a plain HTTP endpoint appending the same row",
                String.format(Locale.ROOT, "%d closed-loop clients, %d s warm-up + %d s measured each. Baseline: a "
                                + "JDK `com.sun.net.httpserver` endpoint inside the harness (%d request threads, one "
                                + "JDBC connection each) that parses the same JSON body and appends one real event row "
                                + "of this run (sampled from `domainevententry`, new ids) to `bench_raw` in one "
                                + "transaction, on the same PostgreSQL. It stands in for the issue's \"plain Quarkus "
                                + "REST endpoint\", which would have to be added to the product.", cfg.clients(),
                        cfg.warmupSeconds(), cfg.durationSeconds(), cfg.clients()));
        for (int i = 0; i < seamline.size(); i++) {
            ClosedLoop.Result c = seamline.get(i);
            ClosedLoop.Result p = plain.get(i);
            s.compare(c.name() + " throughput", c.throughput(), p.throughput(), BenchReport::perSecond, "≥ 0.5×",
                    BenchReport.met(c.throughput() >= 0.5 * p.throughput()));
            s.compare(c.name() + " latency p99", c.latencies().p99(), p.latencies().p99(), BenchReport::ms, "", "");
            s.note(String.format(Locale.ROOT, "%s: %d errors%s; CPU: %s. Baseline: %d errors%s; CPU: %s.", c.name(),
                    c.errors(), BenchReport.firstError(c.firstError()), c.cpu(), p.errors(),
                    BenchReport.firstError(p.firstError()), p.cpu()));
        }
    }

    private void rebuildSection(Rebuild fromKafka, Rebuild fromBronze) {
        report.section("Warehouse rebuild",
                        "On the running service after the load phases, each timed from the POST until the job "
                                + "reports DONE (the swap included). `POST /api/admin/replay/warehouse` builds bronze, "
                                + "silver and gold afresh from the whole Kafka log, every record validated again; "
                                + "`?from=bronze` folds silver and gold from the bronze the warehouse holds (hard-linked "
                                + "into the new generation), its records validated when they landed.")
                .row("Silver + gold from bronze, events per second", BenchReport.perSecond(fromBronze.rate()),
                        "from Kafka " + BenchReport.perSecond(fromKafka.rate()),
                        BenchReport.ratio(fromBronze.rate(), fromKafka.rate()), "≥ 50,000/s",
                        BenchReport.met(fromBronze.rate() >= 50_000))
                .note(String.format(Locale.ROOT, "from bronze: %,d events in %.1f s; from Kafka: %,d records in %.1f s"
                        + " (the job's own rate %s).", fromBronze.records(), fromBronze.seconds(), fromKafka.records(),
                        fromKafka.seconds(), BenchReport.perSecond(fromKafka.jobRate())));
    }

    private void profileSection(ProfiledPhase main) {
        StringBuilder md = new StringBuilder("## Where the service's CPU goes at " + rate + " updates/s\n\n");
        md.append("Per OS thread of the service over the main phase (from /proc; includes the JIT compiler and GC "
                + "threads JFR does not sample):\n\n").append(main.profile().threads()).append('\n');
        if (!main.profile().jfr().isBlank()) {
            md.append("### JFR (`settings=default`, `target/bench-capacity.jfr`)\n\n").append(main.profile().jfr())
                    .append('\n');
        }
        report.append(md.toString());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void shutdown() {
        if (servers != null) {
            servers.stop(services, cfg.keepData());
            servers = null;
        }
    }
}
