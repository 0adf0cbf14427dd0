package io.seamline.bench;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import static io.seamline.bench.BenchLog.log;

/**
 * Phase 3, lag: commit to visible in the row store at a paced, open-loop rate, against the {@link RawPipeline}
 * at the same rate measured by the same poller; at the goal's rate, then at a lower reference rate.
 */
final class LagPhase {

    /** The goal's rate and, unless skipped ({@code low} null), the reference rate, each Seamline and raw. */
    record Result(PacedRun.Pace goal, PacedRun.Result seamline, PacedRun.Result raw, PacedRun.Result lowSeamline,
                  PacedRun.Result lowRaw) {
    }

    private final Harness h;
    private final BenchConfig cfg;
    /** Cents of the next price an UpdateProduct sets: never the same twice, so no update is a no-op. */
    private final AtomicLong priceCents = new AtomicLong(500);
    /** The service's topic, where the relay's share of the lag is observed. */
    private final String topic;

    LagPhase(Harness h, String topic) {
        this.h = h;
        this.cfg = h.cfg();
        this.topic = topic;
    }

    /** Each Seamline run followed by the raw pipeline at its rate, with the consumers caught up in between. */
    Result run(List<String> products) throws Exception {
        PacedRun.Pace goal = new PacedRun.Pace(cfg.lagRate(), cfg.lagWarmupSeconds(), cfg.lagDurationSeconds());
        PacedRun.Result seamline = seamline(products, goal);
        h.db().awaitQuiet();
        PacedRun.Result raw = new RawPipeline(h, goal).run();
        PacedRun.Result lowSeamline = null;
        PacedRun.Result lowRaw = null;
        if (cfg.lagLowRate() > 0) {
            PacedRun.Pace low = new PacedRun.Pace(cfg.lagLowRate(), cfg.lagWarmupSeconds(),
                    Math.max(1, cfg.lagDurationSeconds() / 2));
            h.db().awaitQuiet();
            lowSeamline = seamline(products, low);
            h.db().awaitQuiet();
            lowRaw = new RawPipeline(h, low).run();
        }
        h.db().awaitQuiet();
        return new Result(goal, seamline, raw, lowSeamline, lowRaw);
    }

    /**
     * CreateProduct and UpdateProduct (alternating) issued open loop at the pace's rate; each 2xx is watched by
     * the poller until the row store shows its version.
     */
    private PacedRun.Result seamline(List<String> products, PacedRun.Pace pace) throws Exception {
        log("lag: CreateProduct/UpdateProduct at %d/s open loop, %d s warm-up + %d s", pace.rate(),
                pace.warmupSeconds(), pace.durationSeconds());
        List<String> shuffled = new ArrayList<>(products);
        Collections.shuffle(shuffled, new Random(7));
        ConcurrentLinkedQueue<String> idle = new ConcurrentLinkedQueue<>(shuffled);
        try (WatermarkSampler sampler = new WatermarkSampler(h.db());
             TopicArrivals arrivals = new TopicArrivals(h.kafka(), topic);
             VisibilityPoller poller = new VisibilityPoller(h.db(), cfg.pollMillis(), "rowstore_product", "sequence")) {
            PacedRun.Tick tick = (i, done) -> {
                String id = i % 2 == 1 ? idle.poll() : null;
                HttpRequest req = id != null
                        ? h.api().updatePrice(id, newPrice())
                        : h.api().createProduct("L" + pace.rate() + "-" + h.run() + "-" + i, i);
                h.api().sendAsync(req).whenComplete((resp, err) -> {
                    long t = System.nanoTime();
                    if (err != null || resp.statusCode() / 100 != 2) {
                        if (id != null) {
                            idle.add(id);
                        }
                        done.failed(err != null ? err.toString() : resp.statusCode() + " " + resp.body());
                        return;
                    }
                    String rid = CommandApi.id(resp.body());
                    long version = CommandApi.version(resp.body());
                    arrivals.committed(rid, version, t);
                    done.committed(t, rid, version, () -> idle.add(rid));
                });
            };
            return PacedRun.run(h, "Seamline", pace, poller, () -> arrivals.describe() + "; " + sampler.describe(),
                    tick);
        }
    }

    /**
     * A price no earlier update of any run set. An update to the price a product already has changes
     * nothing and appends no event, so it would be "visible" at once and skew the lag.
     */
    private String newPrice() {
        long cents = priceCents.getAndIncrement();
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** Which stage falls behind: the head minus the relay's and the rowstore's watermarks, every 100 ms. */
    private static final class WatermarkSampler implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement query;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("bench-watermarks").unstarted(r));
        private volatile long relayMax;
        private volatile long rowstoreMax;

        WatermarkSampler(BenchDatabase db) throws SQLException {
            connection = db.connect();
            query = connection.prepareStatement(
                    "select (select coalesce(max(globalindex), -1) from domainevententry), "
                            + "(select last_global_index from projection_watermark where consumer = 'relay'), "
                            + "(select last_global_index from projection_watermark where consumer = 'rowstore')");
            timer.scheduleWithFixedDelay(this::sample, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                relayMax = Math.max(relayMax, rs.getLong(1) - rs.getLong(2));
                rowstoreMax = Math.max(rowstoreMax, rs.getLong(1) - rs.getLong(3));
            } catch (SQLException e) {
                log("watermark sampler stopped: %s", e);
                timer.shutdown();
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "the relay lagged the head of the log by at most %,d events, the "
                    + "rowstore consumer by at most %,d events (sampled every 100 ms from `projection_watermark`; the "
                    + "rowstore's is its highest applied global index, which can understate a lag spread over "
                    + "partitions)", relayMax, rowstoreMax);
        }

        @Override
        public void close() throws InterruptedException, SQLException {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            connection.close();
        }
    }

    void addSection(BenchReport report, Result r) {
        PacedRun.Pace goal = r.goal();
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
                        r.lowSeamline() == null ? "" : String.format(Locale.ROOT, " The last rows repeat the "
                                        + "measurement at %d/s (%d s measured) as a reference below the machine's "
                                        + "capacity; the goal applies to %d/s.", cfg.lagLowRate(),
                                (int) r.lowSeamline().seconds(), goal.rate())));
        rows(s, r.seamline(), r.raw(), goal.rate(), "");
        List<PacedRun.Result> runs = List.of(r.seamline(), r.raw());
        if (r.lowSeamline() != null) {
            rows(s, r.lowSeamline(), r.lowRaw(), cfg.lagLowRate(), String.format(" at %d/s", cfg.lagLowRate()));
            runs = List.of(r.seamline(), r.raw(), r.lowSeamline(), r.lowRaw());
        }
        for (PacedRun.Result run : runs) {
            s.note(String.format(Locale.ROOT, "%s: %,d lag samples, %d errors%s, %d ticks in the window skipped (256 "
                            + "in flight), %d not visible 15 s after the last command (counted in the lag at the time "
                            + "waited, marked ≥); command latency p50 %s; %s. CPU in the window: %s.",
                    run.name(), run.lag().count(), run.errors(), BenchReport.firstError(run.firstError()),
                    run.skipped(), run.notVisible(), BenchReport.ms(run.commandLatency().p50()), run.stages(),
                    run.cpu()));
        }
    }

    /** The goal's rows (no suffix) carry the goals; the reference rate's are marked as such. */
    private static void rows(BenchReport.Section s, PacedRun.Result lag, PacedRun.Result raw, int rate, String suffix) {
        boolean goal = suffix.isEmpty();
        lagRow(s, "commit → visible p50" + suffix, lag, raw, Latencies::p50, "", "");
        lagRow(s, "commit → visible p99" + suffix, lag, raw, Latencies::p99, goal ? "< 250 ms" : "(reference)",
                goal ? BenchReport.met(lag.lag().p99() < 250 && lag.notVisible() == 0) : "");
        lagRow(s, "commit → visible max" + suffix, lag, raw, Latencies::maxMs, "", "");
        s.compare("achieved rate (2xx / s)" + suffix, lag.achievedRate(), raw.achievedRate(), BenchReport::perSecond,
                String.format("%d/s", rate), BenchReport.met(lag.achievedRate() >= 0.98 * rate));
        s.compare("command latency p99 (from intended send)" + suffix, lag.commandLatency().p99(),
                raw.commandLatency().p99(), BenchReport::ms, "", "");
    }

    /** Each side's lag marked "≥" where it counts commands never seen. */
    private static void lagRow(BenchReport.Section s, String metric, PacedRun.Result lag, PacedRun.Result raw,
                               ToDoubleFunction<Latencies> stat, String goal, String met) {
        double seamline = stat.applyAsDouble(lag.lag());
        double baseline = stat.applyAsDouble(raw.lag());
        s.row(metric, lag.lagMs(seamline), raw.lagMs(baseline), BenchReport.ratio(seamline, baseline), goal, met);
    }
}
