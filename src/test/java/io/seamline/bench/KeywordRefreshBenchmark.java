package io.seamline.bench;

import io.seamline.demo.DemoCatalogue;
import io.seamline.domain.Money;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.search.KeywordIndex;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.support.Directories;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The keyword consumer's cost per batch with a refresh per batch against a refresh cadence, in one run: an index of the
 * demo catalogue's first {@code bench.keyword.products} products (5,000) is fed single-product batches at
 * {@code bench.keyword.rate} a second (200; 85 % price changes, the rest title changes) for
 * {@code bench.keyword.seconds} (20) per round, alternating the two settings for {@code bench.keyword.rounds} (2)
 * rounds each. Per setting: the CPU of the applying thread (the consumer's, by ThreadMXBean) per batch, the whole
 * process's CPU per batch (the refresher's thread included), refreshes a second, and how long a batch took from the
 * start of its apply to being searchable (reported by the index's visibility callback). Writes
 * target/bench-keyword-refresh.md. Run (about 3 minutes): {@code mvn -B -q test-compile && mvn -B -q exec:exec
 * -Dexec.classpathScope=test -Dexec.executable=$JAVA_HOME/bin/java -Dexec.args="--add-modules jdk.incubator.vector
 * -classpath %classpath io.seamline.bench.KeywordRefreshBenchmark"} (the harness macro of the Makefile).
 */
public final class KeywordRefreshBenchmark {

    private static final int PRODUCTS = Integer.getInteger("bench.keyword.products", 5_000);
    private static final int RATE = Integer.getInteger("bench.keyword.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.keyword.seconds", 20);
    private static final int ROUNDS = Integer.getInteger("bench.keyword.rounds", 2);
    private static final Duration CADENCE = Duration.parse(System.getProperty("bench.keyword.refresh-interval",
            "PT0.1S"));
    /** As the service commits: on a timer, rarely, so the measurement is the refresh's. */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(10);

    private KeywordRefreshBenchmark() {
    }

    /** One setting's sums over its rounds. */
    private static final class Totals {
        final String name;
        long batches;
        long consumerCpuNanos;
        long processCpuNanos;
        long refreshes;
        long wallNanos;
        final List<Long> visibleAfterNanos = new ArrayList<>();

        Totals(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        List<CreateProductCommand> catalogue = DemoCatalogue.commands().subList(0, PRODUCTS);
        Totals perBatch = new Totals("refresh per batch (refresh-interval=0)");
        Totals cadence = new Totals("cadence (refresh-interval=" + CADENCE.toMillis() + "ms)");
        Path root = Files.createTempDirectory("bench-keyword-refresh-");
        try {
            // a warm-up round of each first, not counted: the JIT, the page cache
            round(root.resolve("warmup-0"), catalogue, Duration.ZERO, new Totals("warm-up"), 5);
            round(root.resolve("warmup-1"), catalogue, CADENCE, new Totals("warm-up"), 5);
            for (int r = 0; r < ROUNDS; r++) {
                round(root.resolve("zero-" + r), catalogue, Duration.ZERO, perBatch, SECONDS);
                round(root.resolve("cadence-" + r), catalogue, CADENCE, cadence, SECONDS);
            }
        } finally {
            Directories.deleteRecursively(root);
        }
        String page = report(perBatch, cadence);
        System.out.println(page);
        Path out = Path.of("target", "bench-keyword-refresh.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, page);
        System.exit(0);
    }

    /** Fills a fresh index with the catalogue, then feeds it paced single-product updates for {@code seconds}. */
    private static void round(Path dir, List<CreateProductCommand> catalogue, Duration refreshInterval, Totals totals,
                              int seconds) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] offset = {0};
        try (KeywordIndex index = KeywordIndex.open(dir, KeywordIndex.DEFAULT_TITLE_BOOST, COMMIT_INTERVAL,
                refreshInterval, KeywordIndex.DEFAULT_UNSEARCHED_ATTRIBUTES)) {
            for (int from = 0; from < catalogue.size(); from += 500) {
                List<ConsumedEvent> batch = new ArrayList<>();
                for (CreateProductCommand c : catalogue.subList(from, Math.min(from + 500, catalogue.size()))) {
                    batch.add(event(new ProductCreatedEvent(c.productId(), c.sku(), c.title(), c.description(),
                            c.category(), c.price(), c.attributes()), c.productId(), 0, offset[0]++));
                }
                index.apply(batch);
            }
            index.refresh();
            index.commit();

            int batches = RATE * seconds;
            long firstOffset = offset[0];
            long[] applyStarted = new long[batches];
            long[] visibleAfter = new long[batches];
            long[] visibleUpTo = {firstOffset};
            index.reportVisibility((nextOffsets, at) -> {
                long now = System.nanoTime();
                long next = nextOffsets.getOrDefault(0, 0L);
                for (long o = Math.max(visibleUpTo[0], firstOffset); o < next; o++) {
                    int i = (int) (o - firstOffset);
                    if (i < batches && applyStarted[i] != 0) {
                        visibleAfter[i] = now - applyStarted[i];
                    }
                }
                visibleUpTo[0] = Math.max(visibleUpTo[0], next);
            });
            long[] sequence = new long[catalogue.size()];
            Random random = new Random(42);
            long refreshesBefore = index.refreshes();
            long processCpuBefore = os.getProcessCpuTime();
            long consumerCpu = 0;
            long period = 1_000_000_000L / RATE;
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                LockSupport.parkNanos(start + i * period - System.nanoTime()); // open loop: on schedule, not after
                int p = random.nextInt(catalogue.size());
                CreateProductCommand product = catalogue.get(p);
                ProductUpdatedEvent update = random.nextInt(100) < 85
                        ? new ProductUpdatedEvent(product.productId(), null, null, null,
                        Money.of(String.format(Locale.ROOT, "%d.%02d", 5 + random.nextInt(200), random.nextInt(100)),
                                product.price().currency()), null)
                        : new ProductUpdatedEvent(product.productId(), product.title() + " v" + (sequence[p] + 1),
                        null, null, null, null);
                ConsumedEvent consumed = event(update, product.productId(), ++sequence[p], offset[0]++);
                long cpu = threads.getCurrentThreadCpuTime();
                applyStarted[i] = System.nanoTime();
                index.apply(List.of(consumed));
                consumerCpu += threads.getCurrentThreadCpuTime() - cpu;
            }
            long wall = System.nanoTime() - start;
            long processCpu = os.getProcessCpuTime() - processCpuBefore;
            long refreshes = index.refreshes() - refreshesBefore;
            index.refresh(); // the tail, so every batch has its time to visible
            totals.batches += batches;
            totals.consumerCpuNanos += consumerCpu;
            totals.processCpuNanos += processCpu;
            totals.refreshes += refreshes;
            totals.wallNanos += wall;
            for (long v : visibleAfter) {
                totals.visibleAfterNanos.add(v);
            }
            System.err.printf(Locale.ROOT, "%s: %d batches in %.1f s, %d refreshes, consumer CPU %.0f µs/batch%n",
                    totals.name, batches, wall / 1e9, refreshes, consumerCpu / 1e3 / batches);
        }
    }

    private static ConsumedEvent event(Object payload, String productId, long sequence, long offset) {
        String type = payload instanceof ProductCreatedEvent ? "ProductCreated" : "ProductUpdated";
        EventEnvelope envelope = new EventEnvelope("e-" + offset, type, type.equals("ProductCreated") ? 2 : 1,
                "Product", productId, sequence, offset, Instant.now(), null, null);
        return new ConsumedEvent(envelope, payload, 0, offset);
    }

    private static String report(Totals zero, Totals cadence) {
        StringBuilder page = new StringBuilder("# Keyword index: refresh per batch vs a refresh cadence\n\n");
        page.append(String.format(Locale.ROOT, "%d products indexed, single-product batches at %d/s (85 %% price "
                        + "changes), %d rounds of %d s per setting, alternating, in one JVM on %d cores (%s). "
                        + "Consumer CPU: ThreadMXBean CPU time of the thread calling apply; process CPU: the whole "
                        + "JVM's (the refresher's thread included). Visible after: from the start of a batch's apply "
                        + "to the refresh that made it searchable.%n%n",
                PRODUCTS, RATE, ROUNDS, SECONDS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        page.append("| setting | batches | consumer CPU / batch | process CPU / batch | refreshes / s "
                + "| visible after p50 | p99 | max |\n|---|---|---|---|---|---|---|---|\n");
        for (Totals t : List.of(zero, cadence)) {
            long[] visible = t.visibleAfterNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            page.append(String.format(Locale.ROOT, "| %s | %d | %.0f µs | %.0f µs | %.1f | %.1f ms | %.1f ms "
                            + "| %.1f ms |%n", t.name, t.batches, t.consumerCpuNanos / 1e3 / t.batches,
                    t.processCpuNanos / 1e3 / t.batches, t.refreshes / (t.wallNanos / 1e9),
                    percentile(visible, 0.50) / 1e6, percentile(visible, 0.99) / 1e6,
                    visible.length == 0 ? 0 : visible[visible.length - 1] / 1e6));
        }
        page.append(String.format(Locale.ROOT, "%nRatio (per batch / cadence): consumer CPU per batch %.1fx, process "
                        + "CPU per batch %.1fx, refreshes per second %.1fx.%n",
                ratio(zero.consumerCpuNanos / (double) zero.batches, cadence.consumerCpuNanos / (double) cadence.batches),
                ratio(zero.processCpuNanos / (double) zero.batches, cadence.processCpuNanos / (double) cadence.batches),
                ratio(zero.refreshes / (zero.wallNanos / 1e9), cadence.refreshes / (cadence.wallNanos / 1e9))));
        return page.toString();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
