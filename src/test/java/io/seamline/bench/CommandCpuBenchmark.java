package io.seamline.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static io.seamline.bench.BenchLog.log;

/**
 * CPU per command on the request path, with the aggregate cache off and on in the same run on the same servers:
 * closed-loop price changes (PATCH /api/products/{id}) over a set of products, first by a service started with
 * {@code seamline.axon.aggregate-cache-size=0}, then by one with the default cache. The request path is the CPU time
 * of the service's request threads (Quarkus' {@code executor-thread-*} and Vert.x's event loops), read per thread
 * from /proc before and after the measured window and divided by the commands completed in it; the whole service
 * process and PostgreSQL are reported beside it. The machine is small and shared, so the ratio is what travels.
 * Settings (system properties): {@code bench.cpu.products} (50), {@code bench.cpu.warmup} (15 s of unmeasured
 * traffic after each start, for the JIT), {@code bench.cpu.duration} (10 s per client count),
 * {@code bench.cpu.clients} ("1,16"), {@code bench.cpu.out} (target/bench-command-cpu.md).
 */
public final class CommandCpuBenchmark {

    private static final String[] REQUEST_THREADS = {"executor-thread", "vert.x-eventloo"};

    /** One measured window: commands completed in it and CPU ticks (1/100 s) spent meanwhile. */
    record Measurement(String cache, int clients, long commands, double seconds, long requestTicks, long serviceTicks,
                       long postgresTicks, long errors, String firstError) {

        double perSecond() {
            return commands / seconds;
        }

        double msPerCommand(long ticks) {
            return commands == 0 ? Double.NaN : ticks * 10.0 / commands;
        }
    }

    private final Path project = Path.of("").toAbsolutePath();
    private final int products = Integer.getInteger("bench.cpu.products", 50);
    private final int warmup = Integer.getInteger("bench.cpu.warmup", 15);
    private final int duration = Integer.getInteger("bench.cpu.duration", 10);
    private final int[] clientCounts = Arrays.stream(System.getProperty("bench.cpu.clients", "1,16").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private BenchServers servers;
    private volatile ServiceLauncher services;

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        CommandCpuBenchmark bench = new CommandCpuBenchmark();
        try {
            bench.run();
        } finally {
            bench.shutdown();
        }
        System.exit(0); // Kafka's and the HTTP client's non-daemon threads must not keep the harness alive
    }

    private void run() throws Exception {
        Path appJar = project.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(appJar)) {
            throw new IllegalStateException(appJar + " is missing: run `make build` first");
        }
        Path javaHome = ServiceProcess.javaHome();
        String loadBefore = Machine.loadAverage();
        CommandApi api = new CommandApi(() -> services.current());
        servers = BenchServers.start(project.resolve("target/bench-cpu-data"));
        BenchDatabase db = servers.db();
        CpuMeter cpu = servers.cpuMeter();
        services = new ServiceLauncher(javaHome, appJar, project.resolve("target"), db, servers.kafka().bootstrap(),
                servers.dataDir(), 1024);

        List<Measurement> results = new ArrayList<>();
        for (String cacheSize : List.of("0", "10000")) {
            ServiceProcess service = services.launch("seamline.events", "cpu-cache-" + cacheSize,
                    List.of("-Dseamline.axon.aggregate-cache-size=" + cacheSize));
            service.awaitHttp200("/q/health/ready", Duration.ofMinutes(3));
            List<String> ids = createProducts(api, cacheSize);
            String cache = cacheSize.equals("0") ? "off" : "on (" + cacheSize + ")";
            log("cache %s: %d products, %d s warm-up", cache, ids.size(), warmup);
            loop(api, ids, 4, warmup, null, cache, service.pid());
            for (int clients : clientCounts) {
                Measurement m = loop(api, ids, clients, duration, cpu, cache, service.pid());
                log("cache %s, %d clients: %.0f commands/s, request threads %.2f ms CPU/command, service %.2f, "
                                + "PostgreSQL %.2f, %d errors", cache, clients, m.perSecond(),
                        m.msPerCommand(m.requestTicks()), m.msPerCommand(m.serviceTicks()),
                        m.msPerCommand(m.postgresTicks()), m.errors());
                results.add(m);
            }
            services.stop();
        }
        String report = report(results, loadBefore, Machine.loadAverage());
        System.out.println();
        System.out.println(report);
        Path out = project.resolve(System.getProperty("bench.cpu.out", "target/bench-command-cpu.md"));
        Files.writeString(out, report);
        log("wrote %s", project.relativize(out));
    }

    private List<String> createProducts(CommandApi api, String run) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            HttpResponse<String> created = api.send(api.createProduct("CPU-" + run + "-" + i, i));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("create product: " + created.statusCode() + " " + created.body());
            }
            ids.add(CommandApi.id(created.body()));
        }
        return ids;
    }

    /** {@code clients} closed-loop clients changing prices for {@code seconds}; measured unless {@code cpu} is null. */
    private Measurement loop(CommandApi api, List<String> ids, int clients, int seconds, CpuMeter cpu, String cache,
                             long pid) throws InterruptedException {
        Window window = Window.startingNow(0, seconds);
        LongAdder completed = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        CpuMeter.Snapshot c0 = cpu == null ? null : cpu.snapshot(pid);
        Map<String, Long> t0 = CpuMeter.threads(pid);
        List<Thread> threads = ClosedLoop.startClients("bench-cpu-", clients, client -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!window.over()) {
                String id = ids.get(rnd.nextInt(ids.size()));
                String amount = String.format(Locale.ROOT, "%d.%02d", 5 + rnd.nextInt(500), rnd.nextInt(100));
                try {
                    HttpResponse<String> answer = api.send(api.updatePrice(id, amount));
                    if (answer.statusCode() == 200 && window.contains(System.nanoTime())) {
                        completed.increment();
                    } else if (answer.statusCode() != 200) {
                        errors.increment();
                        firstError.compareAndSet(null, answer.statusCode() + " " + answer.body());
                    }
                } catch (IOException e) {
                    errors.increment();
                    firstError.compareAndSet(null, e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ClosedLoop.joinAll(threads);
        CpuMeter.Snapshot c1 = cpu == null ? null : cpu.snapshot(pid);
        Map<String, Long> t1 = CpuMeter.threads(pid);
        double secs = cpu == null ? seconds : (c1.nanos() - c0.nanos()) / 1e9;
        return new Measurement(cache, clients, completed.sum(), secs, requestThreadTicks(t0, t1),
                cpu == null ? 0 : c1.service() - c0.service(), cpu == null ? 0 : c1.postgres() - c0.postgres(),
                errors.sum(), firstError.get());
    }

    private static long requestThreadTicks(Map<String, Long> from, Map<String, Long> to) {
        long ticks = 0;
        for (Map.Entry<String, Long> e : to.entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf('/') + 1);
            if (Arrays.stream(REQUEST_THREADS).anyMatch(name::startsWith)) {
                ticks += e.getValue() - from.getOrDefault(e.getKey(), 0L);
            }
        }
        return ticks;
    }

    private String report(List<Measurement> results, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder("# Request-path CPU per command, aggregate cache off and on\n\n")
                .append(String.format(Locale.ROOT, "Closed-loop price changes over %d products, %d s per row after "
                                + "%d s of warm-up per service; %d cores, load average %s before, %s after. CPU in ms "
                                + "per completed command; request threads = executor-thread-* + vert.x-eventloop-*."
                                + "%n%n", products, duration, warmup, Runtime.getRuntime().availableProcessors(),
                        loadBefore, loadAfter))
                .append("| Cache | Clients | Commands/s | Request threads | Service process | PostgreSQL | Errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |%n", m.cache(),
                    m.clients(), m.perSecond(), m.msPerCommand(m.requestTicks()), m.msPerCommand(m.serviceTicks()),
                    m.msPerCommand(m.postgresTicks()), m.errors()));
        }
        md.append("\n| Clients | Request threads, on / off | Service process, on / off | Commands/s, on / off |\n")
                .append("|---:|---:|---:|---:|\n");
        for (int clients : clientCounts) {
            Measurement off = find(results, "off", clients);
            Measurement on = results.stream().filter(m -> m.clients() == clients && m != off).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f |%n", clients,
                    on.msPerCommand(on.requestTicks()) / off.msPerCommand(off.requestTicks()),
                    on.msPerCommand(on.serviceTicks()) / off.msPerCommand(off.serviceTicks()),
                    on.perSecond() / off.perSecond()));
        }
        results.stream().filter(m -> m.firstError() != null).forEach(m -> md.append("\nFirst error (cache ")
                .append(m.cache()).append(", ").append(m.clients()).append(" clients): ")
                .append(BenchReport.abbreviate(m.firstError(), 300)).append('\n'));
        return md.toString();
    }

    private static Measurement find(List<Measurement> results, String cache, int clients) {
        return results.stream().filter(m -> m.cache().equals(cache) && m.clients() == clients).findFirst()
                .orElseThrow();
    }

    private synchronized void shutdown() {
        if (servers != null) {
            servers.stop(services, false);
            servers = null;
        }
    }
}
