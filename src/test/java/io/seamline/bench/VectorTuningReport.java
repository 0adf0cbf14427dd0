package io.seamline.bench;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import org.apache.lucene.util.Version;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The tuning's evidence page: facts, one table per data set, the operating point (the highest-QPS jvector
 * configuration with recall@10 at or above the target) and jvector's QPS over Lucene's at equal recall.
 */
final class VectorTuningReport {

    /** Recall levels at which the two engines are compared. */
    static final double[] COMPARED_RECALLS = {0.90, 0.95, 0.98, 0.99};

    private final List<VectorDataSet> sets;
    private final List<VectorTuningPoint> points;
    private final List<String> notes;
    private final VectorTuning cfg;
    private final Instant started;
    private final String loadBefore;
    private final String loadAfter;
    private final double seconds;

    VectorTuningReport(List<VectorDataSet> sets, List<VectorTuningPoint> points, List<String> notes, VectorTuning cfg,
                       Instant started, String loadBefore, String loadAfter, double seconds) {
        this.sets = sets;
        this.points = points;
        this.notes = notes;
        this.cfg = cfg;
        this.started = started;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.seconds = seconds;
    }

    // --- analysis --------------------------------------------------------------------------------------------------

    /**
     * The measured sweep point of {@code engine} with the highest CPU QPS (the least CPU per query: the cheapest)
     * among those with recall >= {@code target}.
     */
    static Optional<VectorTuningPoint> operatingPoint(List<VectorTuningPoint> points, String set, String engine,
                                                      double target) {
        return points.stream().filter(p -> p.dataSet().equals(set) && p.engine().equals(engine) && p.sweep()
                && p.recall() >= target).max(Comparator.comparingDouble(VectorTuningPoint::cpuQps));
    }

    /** A QPS at a recall read off one engine's curves, and the curve it came from. */
    record AtRecall(double qps, String curve, boolean floor) {
    }

    /**
     * The best QPS {@code engine} reaches at exactly {@code recall}: on each of its curves (one M, candidates
     * rising) the two neighbouring points that bracket the recall are interpolated, linearly in recall and
     * log-linearly in QPS; the best curve wins. Empty when no curve reaches the recall.
     */
    static Optional<AtRecall> qpsAtRecall(List<VectorTuningPoint> points, Predicate<VectorTuningPoint> curveFilter,
                                          double recall, ToDoubleFunction<VectorTuningPoint> metric) {
        Map<String, List<VectorTuningPoint>> curves = points.stream().filter(curveFilter)
                .collect(Collectors.groupingBy(VectorTuningPoint::curve, LinkedHashMap::new, Collectors.toList()));
        AtRecall best = null;
        for (Map.Entry<String, List<VectorTuningPoint>> curve : curves.entrySet()) {
            List<VectorTuningPoint> c = new ArrayList<>(curve.getValue());
            c.sort(Comparator.comparingInt(VectorTuningPoint::candidates));
            for (int i = 0; i < c.size(); i++) {
                VectorTuningPoint b = c.get(i);
                double qps = Double.NaN;
                boolean floor = false;
                if (b.recall() == recall) {
                    qps = metric.applyAsDouble(b);
                } else if (i > 0) {
                    VectorTuningPoint a = c.get(i - 1);
                    if (a.recall() < recall && b.recall() > recall) {
                        double f = (recall - a.recall()) / (b.recall() - a.recall());
                        double qa = metric.applyAsDouble(a);
                        double qb = metric.applyAsDouble(b);
                        qps = Math.exp(Math.log(qa) + f * (Math.log(qb) - Math.log(qa)));
                    }
                }
                if (i == 0 && b.recall() > recall) {
                    // the cheapest point already exceeds the recall: at least this fast there
                    qps = metric.applyAsDouble(b);
                    floor = true;
                }
                if (!Double.isNaN(qps) && (best == null || qps > best.qps())) {
                    best = new AtRecall(qps, curve.getKey(), floor);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    static Predicate<VectorTuningPoint> sweepOf(String set, String engine) {
        return p -> p.dataSet().equals(set) && p.engine().equals(engine) && p.sweep();
    }

    // --- rendering -------------------------------------------------------------------------------------------------

    /** The console's (and the page's) table of one data set. */
    static String table(String set, List<VectorTuningPoint> points) {
        StringBuilder md = new StringBuilder();
        md.append("| Engine | M | Candidates | Recall@10 | p50 ms | p99 ms | QPS | CPU QPS | Build s |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (VectorTuningPoint p : points) {
            if (!p.dataSet().equals(set)) {
                continue;
            }
            md.append("| ").append(p.engine()).append(p.variant().isEmpty() ? "" : " (" + p.variant() + ")")
                    .append(" | ").append(p.maxDegree() == 0 ? "–" : Integer.toString(p.maxDegree()))
                    .append(" | ").append(p.candidates() == 0 ? "all" : Integer.toString(p.candidates()))
                    .append(" | ").append(f("%.3f", p.recall()))
                    .append(" | ").append(f("%.3f", p.p50Ms()))
                    .append(" | ").append(f("%.3f", p.p99Ms()))
                    .append(" | ").append(f("%,.0f", p.qps()))
                    .append(" | ").append(f("%,.0f", p.cpuQps()))
                    .append(" | ").append(p.maxDegree() == 0 ? "–" : f("%.1f", p.buildSeconds())).append(" |\n");
        }
        return md.toString();
    }

    /** What the console shows at the end: operating points and ratios. */
    String summary() {
        StringBuilder s = new StringBuilder();
        for (VectorDataSet set : sets) {
            s.append("## ").append(set.name()).append("\n\n").append(operatingPoints(set)).append('\n')
                    .append(comparison(set)).append('\n');
        }
        return s.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Vector index tuning: jvector vs Lucene HNSW\n\n");
        md.append("Generated by `make tune-vectors` (`io.seamline.bench.VectorTuning`); do not edit by hand. ")
                .append("Chart: [vector-tuning.svg](").append(cfg.chartPath().getFileName()).append(").\n\n");
        md.append("| Fact | Value |\n|---|---|\n");
        facts().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        md.append("\nCommand:\n\n```sh\n").append(command()).append("\n```\n\n");
        md.append(method()).append('\n');
        md.append("![recall@10 vs QPS](").append(cfg.chartPath().getFileName()).append(")\n\n");
        for (VectorDataSet set : sets) {
            md.append("## Data set `").append(set.name()).append("`\n\n");
            md.append(set.description()).append(": %,d indexed vectors of %d dimensions, %,d held-out queries. "
                    .formatted(set.base().length, set.dims(), set.queries().length));
            md.append(set.cached() ? "Embeddings read from the cache.\n\n"
                    : "Embedded in this run in %.0f s.\n\n".formatted(set.embedSeconds()));
            md.append("### Operating point\n\n").append(operatingPoints(set)).append('\n');
            md.append("### jvector ÷ Lucene at equal recall\n\n").append(comparison(set)).append('\n');
            md.append("### Build time per M\n\n").append(builds(set)).append('\n');
            md.append("### All points\n\n").append(table(set.name(), points)).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append("## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)));
        facts.put("Source", Evidence.source(Path.of("").toAbsolutePath()));
        facts.put("Machine", Machine.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores (shared), "
                + Machine.memory() + ", " + Machine.os());
        facts.put("JVM", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        facts.put("Libraries", "jvector 4.0.2 (" + VectorizationProvider.getInstance().getClass().getSimpleName()
                + "), Lucene " + Version.LATEST + ", MiniLM: " + VectorCache.MODEL);
        facts.put("Load average (1, 5, 15 min) before / after", loadBefore + " / " + loadAfter);
        facts.put("Duration", "%.1f min (embedding included when the cache was missing)".formatted(seconds / 60));
        facts.put("Settings", "M ∈ %s, candidates ∈ %s, build beam width %d, k = %d, query seed %d".formatted(
                java.util.Arrays.toString(cfg.degrees), java.util.Arrays.toString(cfg.candidates), cfg.beam,
                VectorTuning.K, VectorDataSet.SEED));
        facts.put("Noise", "2 shared cores with other work on them: absolute QPS moves between runs; "
                + "the two engines are measured back to back per M, so their ratio is the steadier figure");
        return facts;
    }

    private String command() {
        StringBuilder args = new StringBuilder();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("tune.")).sorted()
                .forEach(k -> args.append(args.isEmpty() ? "" : " ").append("-D").append(k).append('=')
                        .append(System.getProperty(k)));
        return args.isEmpty() ? "make tune-vectors" : "make tune-vectors TUNE_ARGS=\"" + args + "\"";
    }

    private String method() {
        return """
                ## Method

                - **Vectors**: MiniLM-L6-v2 (quantized, langchain4j), 384 dimensions, normalised to length 1, so the \
                dot product is the cosine. Both engines score by dot product (jvector `DOT_PRODUCT`, Lucene \
                `VectorSimilarityFunction.DOT_PRODUCT`).
                - **Queries**: held-out vectors, not text queries: %d (catalogue) / %d (chunks) vectors drawn at \
                random (seed %d) and removed from the indexed set, so a query never finds itself.
                - **Ground truth**: exact top-10 by brute force over the indexed set. **Recall@10** = share of the \
                exact top-10 among the 10 results, averaged over the queries.
                - **M**: jvector `maxDegree` (every node keeps at most M neighbours; the sweep's graph is flat), \
                Lucene `maxConn` (at most M neighbours on the upper layers and **2·M on layer 0**, where the search \
                spends its time). Equal M therefore does not mean equal graph density; the equal-recall comparison \
                below takes the best M of each engine.
                - **Build**: beam width %d for both. jvector: `new GraphIndexBuilder(scores, 384, M, %d, \
                neighborOverflow 1.2, alpha 1.2, addHierarchy false, refineFinalGraph true)` over on-heap \
                vectors, built on its default pools (both cores). Lucene: `Lucene99HnswVectorsFormat(M, %d)` by a \
                per-field override of `Lucene104Codec`, one `IndexWriter` thread, RAM buffer 1 GiB (one flush), \
                `forceMerge(1)`, memory-mapped directory under `target/vector-tuning`. Build s is wall time \
                (Lucene: add + merge + commit).
                - **Candidates** (the search-time knob): jvector \
                `GraphSearcher.search(exact scores, topK 10, rerankK = candidates, 0, 0, Bits.ALL)`: the search \
                keeps the best `candidates` nodes seen (its beam) and returns the top 10 (scores are exact, so \
                there is no separate rerank step). Lucene `IndexSearcher.search(new KnnFloatVectorQuery(field, q, \
                k = candidates), 10)`: the graph search collects `candidates` hits (its ef) and the top 10 by \
                score are kept. Both therefore mean "size of the result queue the graph walk maintains".
                - **Timing**: one thread, one query after the other. Before each index's points, one pass over all \
                queries at candidates 100; before each point, up to 200 queries unmeasured; then %d measured passes \
                over the queries, of which the fastest is reported (the cores are shared: a pass can lose time \
                slices to other processes). p50/p99 are per-query wall times of that pass; QPS = queries ÷ their \
                summed search time. **CPU QPS** = queries ÷ the searching thread's CPU time \
                (`ThreadMXBean.getCurrentThreadCpuTime`, least of the passes): the cost of a query, steady when \
                other processes take the cores (garbage collection on other threads is not in it; both engines \
                allocate little per query). The operating point and the equal-recall ratios use CPU QPS \
                (wall-clock ratios are shown too); on an idle machine the two agree. Recall is the same in every \
                pass. Brute force is timed over %s.
                - **Equal recall**: on each curve (engine, M; candidates rising) the two points that bracket the \
                recall are interpolated (linear in recall, log-linear in QPS); the best M of each engine is taken. \
                When the cheapest point of a curve already exceeds the recall, its QPS counts (a lower bound).
                """.formatted(cfg.catalogueQueries, cfg.largeQueries, VectorDataSet.SEED, cfg.beam, cfg.beam,
                cfg.beam, cfg.repeats, sets.stream().map(s -> "%,d queries (%s)".formatted(
                        Math.min(s.queries().length, VectorTuning.bruteForceQueries(s)), s.name()))
                        .collect(Collectors.joining(", ")));
    }

    private String operatingPoints(VectorDataSet set) {
        StringBuilder md = new StringBuilder();
        md.append(("Cheapest configuration with recall@10 ≥ %.2f: the highest CPU QPS (least CPU per query; wall-clock "
                + "QPS beside it):\n\n").formatted(VectorTuning.TARGET_RECALL));
        md.append("| Engine | M | Candidates | Recall@10 | p50 ms | p99 ms | QPS | CPU QPS |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String engine : List.of(VectorTuningPoint.JVECTOR, VectorTuningPoint.LUCENE)) {
            Optional<VectorTuningPoint> op = operatingPoint(points, set.name(), engine, VectorTuning.TARGET_RECALL);
            md.append(op.map(p -> "| %s | %d | %d | %.3f | %.3f | %.3f | %,.0f | %,.0f |\n".formatted(engine,
                    p.maxDegree(), p.candidates(), p.recall(), p.p50Ms(), p.p99Ms(), p.qps(), p.cpuQps()))
                    .orElse("| " + engine + " | – | – | not reached | | | |\n"));
        }
        Optional<VectorTuningPoint> j = operatingPoint(points, set.name(), VectorTuningPoint.JVECTOR,
                VectorTuning.TARGET_RECALL);
        Optional<VectorTuningPoint> l = operatingPoint(points, set.name(), VectorTuningPoint.LUCENE,
                VectorTuning.TARGET_RECALL);
        points.stream().filter(p -> p.dataSet().equals(set.name()) && p.engine().equals(VectorTuningPoint.BRUTE_FORCE))
                .findFirst().ifPresent(b -> md.append("| brute force | – | all | %.3f | %.3f | %.3f | %,.0f | %,.0f |\n"
                        .formatted(b.recall(), b.p50Ms(), b.p99Ms(), b.qps(), b.cpuQps())));
        if (j.isPresent()) {
            md.append(("\n**Operating point for `%s`: jvector M=%d, candidates %d** (recall@10 %.3f, %,.0f QPS, "
                    + "%,.0f CPU QPS).").formatted(set.name(), j.get().maxDegree(), j.get().candidates(),
                    j.get().recall(), j.get().qps(), j.get().cpuQps()));
            if (l.isPresent()) {
                md.append(" Measured point against measured point, jvector's has %.2f× the CPU QPS of Lucene's cheapest "
                        .formatted(j.get().cpuQps() / l.get().cpuQps())
                        + "point above the target (recalls %.3f vs %.3f).".formatted(j.get().recall(), l.get().recall()));
            }
            md.append('\n');
        }
        List<VectorTuningPoint> leverOps = points.stream().filter(p -> p.dataSet().equals(set.name()) && !p.sweep()
                && p.recall() >= VectorTuning.TARGET_RECALL).collect(Collectors.groupingBy(VectorTuningPoint::variant,
                LinkedHashMap::new, Collectors.maxBy(Comparator.comparingDouble(VectorTuningPoint::cpuQps))))
                .values().stream().flatMap(Optional::stream).toList();
        if (!leverOps.isEmpty()) {
            md.append("\nWith jvector's levers (extra rows, not part of the sweep), the cheapest point ≥ %.2f per lever: "
                    .formatted(VectorTuning.TARGET_RECALL));
            md.append(leverOps.stream().map(p -> "%s: candidates %d, recall %.3f, %,.0f QPS, %,.0f CPU QPS".formatted(
                    p.variant(), p.candidates(), p.recall(), p.qps(), p.cpuQps())).collect(Collectors.joining("; "))).append(".\n");
        }
        return md.toString();
    }

    private String comparison(VectorDataSet set) {
        return "By CPU QPS (queries ÷ the searching thread's CPU seconds; steady on shared cores):\n\n"
                + comparison(set, VectorTuningPoint::cpuQps)
                + "\nBy wall-clock QPS (queries ÷ summed wall time; includes time slices lost to other processes):\n\n"
                + comparison(set, VectorTuningPoint::qps)
                + ("\nInterpolated on each engine's curves at the same recall (see Method), best M of each engine. "
                + "≥: the curve's cheapest point (candidates %d) already exceeds that recall; a ratio with such a "
                + "side is marked ~.\n").formatted(cfg.candidates[0]);
    }

    private String comparison(VectorDataSet set, ToDoubleFunction<VectorTuningPoint> metric) {
        StringBuilder md = new StringBuilder();
        md.append("| Recall@10 | jvector (curve) | Lucene (curve) | jvector ÷ Lucene | best jvector lever (curve) | lever ÷ Lucene |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        List<Double> recalls = new ArrayList<>();
        for (double r : COMPARED_RECALLS) {
            recalls.add(r);
        }
        operatingPoint(points, set.name(), VectorTuningPoint.JVECTOR, VectorTuning.TARGET_RECALL)
                .ifPresent(p -> recalls.add(p.recall()));
        Predicate<VectorTuningPoint> levers = p -> p.dataSet().equals(set.name())
                && p.engine().equals(VectorTuningPoint.JVECTOR) && !p.sweep();
        for (int i = 0; i < recalls.size(); i++) {
            double r = recalls.get(i);
            Optional<AtRecall> j = qpsAtRecall(points, sweepOf(set.name(), VectorTuningPoint.JVECTOR), r, metric);
            Optional<AtRecall> l = qpsAtRecall(points, sweepOf(set.name(), VectorTuningPoint.LUCENE), r, metric);
            Optional<AtRecall> v = qpsAtRecall(points, levers, r, metric);
            md.append("| ").append(f("%.3f", r)).append(i >= COMPARED_RECALLS.length ? " (jvector's operating point)" : "")
                    .append(" | ").append(j.map(VectorTuningReport::cell).orElse("not reached"))
                    .append(" | ").append(l.map(VectorTuningReport::cell).orElse("not reached"))
                    .append(" | ").append(ratio(j, l))
                    .append(" | ").append(v.map(VectorTuningReport::cell).orElse("–"))
                    .append(" | ").append(v.isPresent() ? ratio(v, l) : "–")
                    .append(" |\n");
        }
        return md.toString();
    }

    private String builds(VectorDataSet set) {
        StringBuilder md = new StringBuilder("| M | jvector build s (2 threads) | Lucene build s (1 writer thread) |\n|---:|---:|---:|\n");
        for (int m : cfg.degrees) {
            md.append("| ").append(m);
            for (String engine : List.of(VectorTuningPoint.JVECTOR, VectorTuningPoint.LUCENE)) {
                md.append(" | ").append(points.stream().filter(p -> p.dataSet().equals(set.name())
                                && p.engine().equals(engine) && p.sweep() && p.maxDegree() == m).findFirst()
                        .map(p -> f("%.1f", p.buildSeconds())).orElse("–"));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String ratio(Optional<AtRecall> a, Optional<AtRecall> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return "n/a";
        }
        return (a.get().floor() || b.get().floor() ? "~" : "") + f("%.2f×", a.get().qps() / b.get().qps());
    }

    private static String cell(AtRecall a) {
        return (a.floor() ? "≥ " : "") + f("%,.0f", a.qps()) + " (" + a.curve() + ")";
    }

    private static String f(String format, double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }
}
