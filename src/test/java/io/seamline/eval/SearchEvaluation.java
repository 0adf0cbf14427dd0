package io.seamline.eval;

import io.seamline.bench.Evidence;
import io.seamline.bench.HarnessExit;
import io.seamline.bench.ServiceProcess;
import io.seamline.platform.PortCheck;
import io.seamline.support.Directories;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The search evaluation behind {@code make eval-search}: starts the packaged service on an empty data directory with
 * the demo catalogue, waits until both search indexes have applied everything the seeder wrote, asks every judged
 * query for its BM25 and vector top 100 and its served hybrid top 10, and writes the scores of every mode, the
 * cross-validated fusion parameters and the per-query comparison to {@code docs/evidence/hybrid-search.md}.
 *
 * <p>System properties: {@code eval.queries} and {@code eval.qrels} (the judgement files, by default the dev set in
 * {@code src/test/resources/relevance}), {@code eval.depth} (100), {@code eval.seed-minutes} (15),
 * {@code eval.index-minutes} (30), {@code eval.out}, {@code eval.keep-data} (false).
 */
public final class SearchEvaluation {

    private static final int SERVED_K = RelevanceMetrics.K;

    private final Path project = Path.of("").toAbsolutePath();
    private final Path queriesFile = Path.of(System.getProperty("eval.queries",
            "src/test/resources/relevance/queries_dev.tsv"));
    private final Path qrelsFile = Path.of(System.getProperty("eval.qrels", "src/test/resources/relevance/qrels_dev.tsv"));
    private final int depth = Integer.getInteger("eval.depth", 100);
    private final Duration seedTimeout = Duration.ofMinutes(Long.getLong("eval.seed-minutes", 15));
    private final Duration indexTimeout = Duration.ofMinutes(Long.getLong("eval.index-minutes", 30));
    private final Path out = Path.of(System.getProperty("eval.out",
            Evidence.page(project, "hybrid-search.md").toString()));
    private final boolean keepData = Boolean.getBoolean("eval.keep-data");
    private final Path dataDir = project.resolve("target/eval-search-data");
    private volatile SeededDemoService service;

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        SearchEvaluation evaluation = new SearchEvaluation();
        Thread cleanup = new Thread(evaluation::shutdown, "eval-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            evaluation.run();
        } finally {
            evaluation.shutdown();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.exit(0); // the service's HTTP client threads must not keep the harness alive
    }

    private void run() throws IOException {
        Instant started = Instant.now();
        Judgements judgements = Judgements.read(queriesFile, qrelsFile); // a bad file fails before the service starts
        log("%d queries, %d judgements from %s and %s", judgements.queries().size(), judgements.judgementCount(),
                queriesFile, qrelsFile);
        service = SeededDemoService.start(project, dataDir, List.of(), seedTimeout, indexTimeout, keepData,
                message -> log("%s", message));
        SearchClient client = service.client();
        long head = service.head();

        List<QueryRun> runs = new ArrayList<>();
        for (Map.Entry<String, String> q : judgements.queries().entrySet()) {
            String text = q.getValue();
            runs.add(new QueryRun(q.getKey(), text, new QueryRankings(q.getKey(),
                    client.search(text, "bm25", depth, null).hits(), client.search(text, "vector", depth, null).hits()),
                    client.search(text, "hybrid", SERVED_K, "rrf").productIds(),
                    client.search(text, "hybrid", SERVED_K, "linear").productIds()));
        }
        log("%d queries answered in every mode", runs.size());

        SearchScorecard card = SearchScorecard.of(runs, judgements);
        HybridSearchReport report = new HybridSearchReport(card, judgements)
                .fact("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)))
                .fact("Source", Evidence.source(project))
                .fact("Command", "make eval-search QUERIES=" + queriesFile + " QRELS=" + qrelsFile)
                .fact("Data set", HybridSearchReport.DATA_SET + ": " + judgements.queries().size() + " queries, "
                        + judgements.judgementCount() + " graded judgements (`" + queriesFile + "`, `" + qrelsFile
                        + "`) over the 6,764-product demo catalogue")
                .fact("Relevance threshold", "grade ≥ " + RelevanceMetrics.RELEVANT_GRADE
                        + " (Exact or Substitute) for Recall@10 and MRR@10; nDCG@10 uses every grade")
                .fact("Service", "`java -jar target/quarkus-app/quarkus-run.jar` with `-Dseamline.seed=demo` on an empty "
                        + "data directory (embedded PostgreSQL and Kafka); ready " + num(service.readySeconds()) + " s, seeded "
                        + num(service.seededSeconds()) + " s, both indexes at global index " + head + " "
                        + num(service.indexedSeconds())
                        + " s after launch")
                .fact("Requests", "per query `mode=bm25&k=" + depth + "`, `mode=vector&k=" + depth
                        + "`, `mode=hybrid&fusion=rrf&k=" + SERVED_K + "`, `mode=hybrid&fusion=linear&k=" + SERVED_K + "`")
                .fact("Machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
                        + " " + Runtime.version());
        Path page = project.resolve(out);
        Files.createDirectories(page.getParent());
        Files.writeString(page, report.markdown());
        System.out.println();
        System.out.println(report.summary());
        log("wrote %s", project.relativize(page));
    }

    private synchronized void shutdown() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[eval %s] %s%n", DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC)
                .format(Instant.now().truncatedTo(ChronoUnit.SECONDS)), String.format(Locale.ROOT, format, args));
    }
}
