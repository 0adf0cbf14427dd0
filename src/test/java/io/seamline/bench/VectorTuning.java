package io.seamline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.seamline.bench.BenchLog.log;
import static io.seamline.bench.BenchLog.secondsSince;

/**
 * The ANN tuning curve behind {@code make tune-vectors}: jvector and Lucene HNSW over the same real MiniLM vectors
 * (the demo catalogue's 6,764 products, and 100,000+ chunks of its texts), for each M and search-time candidate
 * count: recall@10 against the exact top-10, single-threaded p50/p99 latency and QPS, build time. Writes
 * {@code docs/evidence/vector-tuning.md} and {@code vector-tuning.svg}. Settings (system properties):
 * {@code tune.large} (indexed chunks, 100,000; 0 skips the large set), {@code tune.catalogue-queries} (500),
 * {@code tune.large-queries} (1,000), {@code tune.m} (8,16,32,64), {@code tune.candidates} (10,20,40,80,160,320,500),
 * {@code tune.beam} (100), {@code tune.repeats} (2 measured passes per point, the fastest is reported), {@code tune.levers} (true: jvector's levers at the best M as extra rows),
 * {@code tune.sweep} (true; false only prepares the embedding caches), {@code tune.cache} (target/vector-tuning),
 * {@code tune.out} (docs/evidence/vector-tuning.md).
 */
public final class VectorTuning {

    static final int K = VectorDataSet.K;
    static final double TARGET_RECALL = 0.95;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final int large = Integer.getInteger("tune.large", 100_000);
    final int catalogueQueries = Integer.getInteger("tune.catalogue-queries", 500);
    final int largeQueries = Integer.getInteger("tune.large-queries", 1_000);
    final int[] degrees = ints(System.getProperty("tune.m", "8,16,32,64"));
    final int[] candidates = ints(System.getProperty("tune.candidates", "10,20,40,80,160,320,500"));
    final int beam = Integer.getInteger("tune.beam", 100);
    final int repeats = Math.max(1, Integer.getInteger("tune.repeats", 2));
    final boolean levers = Boolean.parseBoolean(System.getProperty("tune.levers", "true"));
    final boolean sweep = Boolean.parseBoolean(System.getProperty("tune.sweep", "true"));
    final Path cache = Path.of(System.getProperty("tune.cache", "target/vector-tuning"));
    final Path out = Path.of(System.getProperty("tune.out",
            Evidence.page(Path.of("").toAbsolutePath(), "vector-tuning.md").toString()));

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        new VectorTuning().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        long t = System.nanoTime();
        List<CatalogueTexts.Product> products = CatalogueTexts.products();
        List<VectorDataSet> sets = new ArrayList<>();
        sets.add(VectorDataSet.of("catalogue", "%,d products of the demo catalogue, `title + \". \" + description`"
                        .formatted(products.size()), cache.resolve("catalogue.f32"),
                products.stream().map(CatalogueTexts.Product::text).toList(), catalogueQueries));
        if (large > 0) {
            List<String> chunks = CatalogueTexts.chunks(products, large + largeQueries);
            sets.add(VectorDataSet.of("chunks", ("the first %,d distinct chunks of the catalogue's titles and "
                            + "descriptions (sentences, cut again at `; : • | , - –`; at least %d characters; "
                            + "case-insensitive de-duplication)").formatted(chunks.size(), CatalogueTexts.MIN_CHUNK_CHARS),
                    cache.resolve("chunks-" + chunks.size() + ".f32"), chunks, largeQueries));
        }
        if (!sweep) {
            log("data sets ready after %.0f s; tune.sweep=false, stopping", secondsSince(t));
            return;
        }
        List<VectorTuningPoint> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (VectorDataSet set : sets) {
            points.addAll(sweep(set));
            if (levers) {
                points.addAll(levers(set, points, notes));
            }
            System.out.println();
            System.out.println(VectorTuningReport.table(set.name(), points));
        }
        VectorTuningReport report = new VectorTuningReport(sets, points, notes, this, started, loadBefore,
                Machine.loadAverage(), secondsSince(t));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.markdown());
        Path svg = chartPath();
        Files.writeString(svg, VectorTuningChart.svg(sets, points, TARGET_RECALL));
        System.out.println(report.summary());
        log("written %s and %s after %.0f s", out, svg, secondsSince(t));
    }

    Path chartPath() {
        String name = out.getFileName().toString();
        return out.resolveSibling((name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + ".svg");
    }

    /** Brute force, then for each M a jvector graph and a Lucene index, each searched at every candidate count. */
    private List<VectorTuningPoint> sweep(VectorDataSet set) throws Exception {
        List<VectorTuningPoint> points = new ArrayList<>();
        points.add(bruteForce(set));
        for (int m : degrees) {
            log("%s: jvector M=%d, beam %d: building over %,d vectors", set.name(), m, beam, set.base().length);
            try (JvectorAnnIndex jvector = new JvectorAnnIndex(set.base(), m, beam, JvectorAnnIndex.Options.SWEEP)) {
                points.addAll(curve(set, VectorTuningPoint.JVECTOR, "", m, jvector));
            }
            log("%s: Lucene HNSW M=%d, beam %d: building over %,d vectors", set.name(), m, beam, set.base().length);
            try (LuceneHnswAnnIndex lucene = new LuceneHnswAnnIndex(cache.resolve("lucene-" + set.name() + "-" + m),
                    set.base(), m, beam)) {
                points.addAll(curve(set, VectorTuningPoint.LUCENE, "", m, lucene));
            }
        }
        return points;
    }

    /**
     * jvector's levers, one at a time, at the M of its operating point (the highest-QPS sweep point with recall@10
     * of at least {@link #TARGET_RECALL}; the largest M when none reaches it).
     */
    private List<VectorTuningPoint> levers(VectorDataSet set, List<VectorTuningPoint> sweep, List<String> notes)
            throws Exception {
        int m = VectorTuningReport.operatingPoint(sweep, set.name(), VectorTuningPoint.JVECTOR, TARGET_RECALL)
                .map(VectorTuningPoint::maxDegree).orElse(degrees[degrees.length - 1]);
        JvectorAnnIndex.Options base = JvectorAnnIndex.Options.SWEEP;
        record Lever(String name, JvectorAnnIndex.Options options) {
        }
        List<Lever> rebuilt = List.of(
                new Lever("hierarchy on", new JvectorAnnIndex.Options(base.neighborOverflow(), base.alpha(), true,
                        base.refineFinalGraph(), base.pruning())),
                new Lever("alpha 1.0", new JvectorAnnIndex.Options(base.neighborOverflow(), 1.0f, base.addHierarchy(),
                        base.refineFinalGraph(), base.pruning())),
                new Lever("overflow 2.0", new JvectorAnnIndex.Options(2.0f, base.alpha(), base.addHierarchy(),
                        base.refineFinalGraph(), base.pruning())),
                new Lever("refine off", new JvectorAnnIndex.Options(base.neighborOverflow(), base.alpha(),
                        base.addHierarchy(), false, base.pruning())),
                new Lever("hierarchy on, alpha 1.0", new JvectorAnnIndex.Options(base.neighborOverflow(), 1.0f, true,
                        base.refineFinalGraph(), base.pruning())));
        List<VectorTuningPoint> points = new ArrayList<>();
        long t = System.nanoTime();
        log("%s: jvector levers at M=%d", set.name(), m);
        try (JvectorAnnIndex sweepGraph = new JvectorAnnIndex(set.base(), m, beam, base)) {
            // the sweep's graph again, searched without pruning: a search-time lever, no rebuild needed
            sweepGraph.usePruning(false);
            points.addAll(curve(set, VectorTuningPoint.JVECTOR, "pruning off", m, sweepGraph));
        }
        for (Lever lever : rebuilt) {
            try (JvectorAnnIndex graph = new JvectorAnnIndex(set.base(), m, beam, lever.options())) {
                points.addAll(curve(set, VectorTuningPoint.JVECTOR, lever.name(), m, graph));
            }
        }
        notes.add("%s: levers at M=%d took %.0f s".formatted(set.name(), m, secondsSince(t)));
        return points;
    }

    /** One index searched at every candidate count, after a warm-up pass over all queries. */
    private List<VectorTuningPoint> curve(VectorDataSet set, String engine, String variant, int m, AnnIndex index) {
        log("%s: %s M=%d%s built in %.1f s", set.name(), engine, m, variant.isEmpty() ? "" : " (" + variant + ")",
                index.buildSeconds());
        int[] found = new int[K];
        for (float[] q : set.queries()) {
            index.search(q, K, 100, found);
        }
        List<VectorTuningPoint> points = new ArrayList<>();
        for (int c : candidates) {
            points.add(measure(set, engine, variant, m, c, index, set.queries().length, index.buildSeconds()));
        }
        return points;
    }

    /** Single-threaded exact search: the baseline every ANN point is paid for against. */
    private VectorTuningPoint bruteForce(VectorDataSet set) {
        AnnIndex scan = new AnnIndex() {
            @Override
            public double buildSeconds() {
                return 0;
            }

            @Override
            public int search(float[] query, int k, int candidates, int[] out) {
                int[] top = ExactNeighbours.topK(set.base(), query, k);
                System.arraycopy(top, 0, out, 0, k);
                return k;
            }

            @Override
            public void close() {
            }
        };
        int queries = Math.min(set.queries().length, bruteForceQueries(set));
        return measure(set, VectorTuningPoint.BRUTE_FORCE, "", 0, 0, scan, queries, 0);
    }

    /** Enough exact scans for a stable figure in a few seconds: every query on the catalogue, 200 on larger sets. */
    static int bruteForceQueries(VectorDataSet set) {
        return set.base().length <= 20_000 ? set.queries().length : 200;
    }

    /**
     * Searches the first {@code queries} held-out queries one after the other on this thread: a warm-up pass over up
     * to 200 of them, then {@code repeats} measured passes; the fastest pass is reported. QPS is the number of queries
     * over their summed search time, CPU QPS the number over the thread's CPU time in the pass that used least.
     */
    private VectorTuningPoint measure(VectorDataSet set, String engine, String variant, int m, int c, AnnIndex index,
                                      int queries, double buildSeconds) {
        int[] found = new int[K];
        for (int q = 0; q < Math.min(queries, 200); q++) {
            index.search(set.queries()[q], K, c, found);
        }
        Latencies best = null;
        long bestTotal = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        double recall = 0;
        // the fastest of a few passes: on shared cores a pass can lose whole time slices to other processes
        for (int pass = 0; pass < repeats; pass++) {
            Latencies latencies = new Latencies();
            long total = 0;
            recall = 0;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int q = 0; q < queries; q++) {
                long t0 = System.nanoTime();
                int n = index.search(set.queries()[q], K, c, found);
                long nanos = System.nanoTime() - t0;
                total += nanos;
                latencies.add(nanos);
                recall += ExactNeighbours.recall(set.truth()[q], found, n);
            }
            bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - cpu0);
            if (total < bestTotal) {
                bestTotal = total;
                best = latencies;
            }
        }
        VectorTuningPoint p = new VectorTuningPoint(set.name(), engine, variant, m, c, recall / queries,
                best.p50(), best.p99(), queries / (bestTotal / 1e9), queries / (bestCpu / 1e9), buildSeconds);
        log("%s: %-28s candidates %3d: recall@10 %.3f, p50 %.3f ms, p99 %.3f ms, %,.0f QPS, %,.0f CPU QPS", set.name(),
                p.curve(), c, p.recall(), p.p50Ms(), p.p99Ms(), p.qps(), p.cpuQps());
        return p;
    }

    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt)
                .toArray();
    }
}
