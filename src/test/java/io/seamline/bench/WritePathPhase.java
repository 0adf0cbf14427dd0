package io.seamline.bench;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

import static io.seamline.bench.BenchLog.log;

/**
 * Phase 1, the write path: CreateProduct and PlaceOrder over HTTP by N closed-loop clients, against N plain
 * JDBC clients inserting the same serialized event rows, one commit per row.
 */
final class WritePathPhase {

    /** Outcome of the plain JDBC baseline. */
    record RawInserts(long completed, double seconds, Latencies latencies, int sampleRows,
                      Map<String, Integer> sampleTypes, double meanPayloadBytes, String cpu) {
        double throughput() {
            return completed / seconds;
        }
    }

    /** Both Seamline commands, the baseline, and the products created (and projected), which orders can name. */
    record Result(ClosedLoop.Result create, ClosedLoop.Result order, RawInserts raw, List<String> orderable) {
    }

    private final Harness h;
    private final BenchConfig cfg;
    private final List<String> createdIds = Collections.synchronizedList(new ArrayList<>());
    private boolean profiled;

    WritePathPhase(Harness h) {
        this.h = h;
        this.cfg = h.cfg();
    }

    /** JIT warm-up of the fresh service (and of this JVM): creates, then orders, not measured. */
    void warmUpJvm() throws Exception {
        if (cfg.jvmWarmupSeconds() <= 0) {
            return;
        }
        int half = Math.max(1, cfg.jvmWarmupSeconds() / 2);
        ClosedLoop.run(h, "JVM warm-up: CreateProduct", 0, half, creates("W"), createdIds::add);
        List<String> warm = List.copyOf(createdIds);
        h.db().awaitVisible(warm, Duration.ofMinutes(2));
        ClosedLoop.run(h, "JVM warm-up: PlaceOrder", 0, half, orders(warm), id -> {
        });
        h.db().awaitQuiet();
    }

    /** CreateProduct, then PlaceOrder over the created products, both under {@code profile}; then the baseline. */
    Result run(WriteProfile profile) throws Exception {
        profiled = profile.enabled();
        profile.start(h.services().current());
        ClosedLoop.Result create = ClosedLoop.run(h, "CreateProduct", cfg.warmupSeconds(), cfg.durationSeconds(),
                creates("B"), createdIds::add);
        List<String> orderable = List.copyOf(createdIds);
        h.db().awaitVisible(orderable, Duration.ofMinutes(2));
        if (orderable.isEmpty()) {
            throw new IllegalStateException("CreateProduct created nothing: " + create.firstError());
        }
        ClosedLoop.Result order = ClosedLoop.run(h, "PlaceOrder", cfg.warmupSeconds(), cfg.durationSeconds(),
                orders(orderable), id -> {
                });
        profile.stop(h.services().current());
        h.db().awaitQuiet();
        return new Result(create, order, rawInserts(), orderable);
    }

    private BiFunction<Integer, Long, HttpRequest> creates(String skuPrefix) {
        return (client, seq) -> h.api().createProduct(skuPrefix + h.run() + "-" + client + "-" + seq,
                client * 7919L + seq);
    }

    private BiFunction<Integer, Long, HttpRequest> orders(List<String> products) {
        return (client, seq) -> h.api().placeOrder(products);
    }

    /**
     * The ceiling of the write path: N clients inserting the event rows Seamline wrote (same payload and
     * metadata bytes, new event and aggregate ids) into a copy of the event table, one commit per row.
     */
    private RawInserts rawInserts() throws Exception {
        List<EventRow> sample = EventRow.sample(h.db(), 2000);
        h.db().execute("create table bench_raw (like domainevententry including all)",
                // LIKE ... INCLUDING ALL would share the event store's sequence: give the copy its own
                "create sequence bench_raw_globalindex_seq",
                "alter table bench_raw alter column globalindex set default nextval('bench_raw_globalindex_seq')");
        Map<String, Integer> types = new LinkedHashMap<>();
        sample.forEach(r -> types.merge(r.simpleType(), 1, Integer::sum));
        double meanPayload = sample.stream().mapToInt(r -> r.payload().length).average().orElse(0);
        log("raw JDBC: %d clients inserting %d sampled rows %s (mean payload %.0f B), one commit per row",
                cfg.clients(), sample.size(), types, meanPayload);
        Window window = Window.startingNow(cfg.warmupSeconds(), cfg.durationSeconds());
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> clients = ClosedLoop.startClients("bench-raw-", cfg.clients(), client -> {
            try (Connection conn = h.db().connect(); PreparedStatement ps = conn.prepareStatement(EventRow.INSERT_RAW)) {
                conn.setAutoCommit(true);
                int i = client * 131;
                while (!window.over()) {
                    EventRow row = sample.get(i++ % sample.size());
                    row.bindInsert(ps, UUID.randomUUID().toString(), row.sequence());
                    long t0 = System.nanoTime();
                    ps.executeUpdate();
                    long t1 = System.nanoTime();
                    if (window.contains(t1)) {
                        completed.increment();
                        latencies.add(t1 - t0);
                    }
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        });
        Window.sleepUntil(window.from());
        CpuMeter.Snapshot c0 = h.cpuNow();
        Window.sleepUntil(window.to());
        CpuMeter.Snapshot c1 = h.cpuNow();
        ClosedLoop.joinAll(clients);
        if (failure.get() != null) {
            throw failure.get();
        }
        RawInserts raw = new RawInserts(completed.sum(), cfg.durationSeconds(), latencies, sample.size(), types,
                meanPayload, CpuMeter.describe(c0, c1));
        log("raw JDBC: %.0f inserts/s, %s", raw.throughput(), latencies.summary());
        return raw;
    }

    void addSection(BenchReport report, Result r) {
        BenchReport.Section s = report.section("1. Write path: commands over HTTP vs plain JDBC inserts",
                String.format(Locale.ROOT, "%d closed-loop clients (java.net.http.HttpClient, HTTP/1.1 keep-alive) "
                                + "against the service; %d s warm-up, then %d s measured. Baseline: %d plain JDBC "
                                + "clients inserting the same serialized event rows (payload and metadata bytes taken "
                                + "from `domainevententry` after the Seamline phases, new ids) into `bench_raw` "
                                + "(`like domainevententry including all`, own sequence), one commit per row, into "
                                + "the same PostgreSQL (fsync and synchronous_commit on). Ratio = Seamline / raw.",
                        cfg.clients(), cfg.warmupSeconds(), cfg.durationSeconds(), cfg.clients()));
        RawInserts raw = r.raw();
        for (ClosedLoop.Result c : List.of(r.create(), r.order())) {
            s.compare(c.name() + " throughput", c.throughput(), raw.throughput(), BenchReport::perSecond,
                    "≥ 0.5× raw", BenchReport.met(c.throughput() >= 0.5 * raw.throughput()));
            s.compare(c.name() + " latency p50", c.latencies().p50(), raw.latencies().p50(), BenchReport::ms, "", "");
            s.compare(c.name() + " latency p99", c.latencies().p99(), raw.latencies().p99(), BenchReport::ms,
                    "< 50 ms", BenchReport.met(c.latencies().p99() < 50));
        }
        for (ClosedLoop.Result c : List.of(r.create(), r.order())) {
            s.note(String.format(Locale.ROOT, "%s: %,d commands answered 2xx in the window (%,d in the whole phase), "
                            + "%d errors%s; max latency %s. CPU in the window: %s.", c.name(), c.completed(), c.total(),
                    c.errors(), BenchReport.firstError(c.firstError()), BenchReport.ms(c.latencies().maxMs()), c.cpu()));
        }
        s.note(String.format(Locale.ROOT, "Raw: %,d commits in the window; %d sampled rows %s, mean payload %.0f bytes; "
                        + "max latency %s. CPU in the window: %s.", raw.completed(), raw.sampleRows(), raw.sampleTypes(),
                raw.meanPayloadBytes(), BenchReport.ms(raw.latencies().maxMs()), raw.cpu()));
        s.note("A CreateProduct commits its ProductCreated row and the SKU claim in one transaction; a PlaceOrder "
                + "first reads each line's product from the row store. Both go through the Axon command bus and the "
                + "aggregate, and the relay and the rowstore consumer run alongside (that is the service's cost).");
        if (profiled) {
            s.note("The service ran under JFR (`profile` settings) during both Seamline phases; the raw phase did not.");
        }
    }
}
