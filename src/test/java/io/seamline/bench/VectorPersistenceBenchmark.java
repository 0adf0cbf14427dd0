package io.seamline.bench;

import io.seamline.demo.DemoCatalogue;
import io.seamline.domain.Money;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.vector.ProductText;
import io.seamline.projection.vector.SentenceEmbedder;
import io.seamline.projection.vector.TextEmbedder;
import io.seamline.projection.vector.VectorIndex;
import io.seamline.projection.vector.VectorParams;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.support.Directories;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What a vector-index checkpoint costs at the demo's scale, old way and new way in one run on the same changes: a
 * catalogue of {@code bench.vector-log.products} (5,000) demo products, then {@code bench.vector-log.checkpoints} (60)
 * one-second checkpoints of {@code bench.vector-log.rate} (200) changes each (95 % price changes, 5 % new
 * descriptions, which re-embed). One index persists each checkpoint as a full snapshot (the former behaviour, kept as
 * the compaction path: every vector and edge rewritten), the other appends to its change log, plus the snapshots the
 * log's growth calls for, amortised over the checkpoints. Bytes are the files' growth or size; CPU is this thread's
 * (ThreadMXBean), where both paths do all their work. Vectors are hash-seeded random unit vectors, so no embedding
 * time is in either figure. Prints a Markdown table and writes it to {@code bench.vector-log.out}
 * (target/bench-vector-log.md).
 */
public final class VectorPersistenceBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Totals of one way of persisting over the run. */
    private static final class Totals {
        long bytes;
        long cpuNanos;
        long wallNanos;
        int count;

        void add(long bytes, long cpuNanos, long wallNanos) {
            this.bytes += bytes;
            this.cpuNanos += cpuNanos;
            this.wallNanos += wallNanos;
            count++;
        }
    }

    private final int productCount = Integer.getInteger("bench.vector-log.products", 5_000);
    private final int checkpoints = Integer.getInteger("bench.vector-log.checkpoints", 60);
    private final int rate = Integer.getInteger("bench.vector-log.rate", 200);
    private final Path out = Path.of(System.getProperty("bench.vector-log.out", "target/bench-vector-log.md"));
    private long offset;

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        new VectorPersistenceBenchmark().run();
        System.exit(0);
    }

    private void run() throws IOException {
        List<CreateProductCommand> catalogue = DemoCatalogue.commands().subList(0, productCount);
        Path tmp = Files.createTempDirectory("bench-vector-log-");
        VectorParams params = VectorParams.DEFAULTS.withFlushInterval(Duration.ofDays(1)); // checkpoints when told
        try (VectorIndex full = VectorIndex.open(tmp.resolve("full"), params, new HashedEmbedder());
             VectorIndex logged = VectorIndex.open(tmp.resolve("log"), params, new HashedEmbedder())) {
            List<ConsumedEvent> creates = new ArrayList<>();
            for (CreateProductCommand c : catalogue) {
                creates.add(consumed(new ProductCreatedEvent(c.productId(), c.sku(), c.title(), c.description(),
                        c.category(), c.price(), Map.of()), c.productId(), 0));
            }
            for (VectorIndex index : List.of(full, logged)) {
                for (int from = 0; from < creates.size(); from += 500) {
                    index.apply(creates.subList(from, Math.min(creates.size(), from + 500)));
                }
                index.compact();
            }
            long snapshotBytes = snapshotBytes(tmp.resolve("full"));
            Totals rewrite = new Totals();
            Totals append = new Totals();
            Totals snapshots = new Totals();
            Random random = new Random(16);
            Map<String, Long> sequences = new HashMap<>();
            // the first rounds warm the JIT up on both paths and are not counted
            int warmup = Math.min(10, checkpoints / 3);
            for (int round = 0; round < warmup + checkpoints; round++) {
                List<ConsumedEvent> batch = changes(catalogue, random, sequences, round);
                boolean counted = round >= warmup;
                full.apply(batch);
                logged.apply(batch);

                long cpu = CPU.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                full.compact();
                long rewriteCpu = CPU.getCurrentThreadCpuTime() - cpu;
                long rewriteWall = System.nanoTime() - wall;
                if (counted) {
                    rewrite.add(snapshotBytes(tmp.resolve("full")), rewriteCpu, rewriteWall);
                }

                long logBefore = Files.size(tmp.resolve("log/changes.log"));
                cpu = CPU.getCurrentThreadCpuTime();
                wall = System.nanoTime();
                logged.checkpoint();
                long appendCpu = CPU.getCurrentThreadCpuTime() - cpu;
                long appendWall = System.nanoTime() - wall;
                if (counted) {
                    append.add(Files.size(tmp.resolve("log/changes.log")) - logBefore, appendCpu, appendWall);
                }

                Path vectors = tmp.resolve("log/vectors.bin");
                var before = Files.getLastModifiedTime(vectors);
                cpu = CPU.getCurrentThreadCpuTime();
                wall = System.nanoTime();
                logged.compactIfDue(); // what the flush thread does after its checkpoint
                long snapshotCpu = CPU.getCurrentThreadCpuTime() - cpu;
                long snapshotWall = System.nanoTime() - wall;
                if (counted && !before.equals(Files.getLastModifiedTime(vectors))) {
                    snapshots.add(snapshotBytes(tmp.resolve("log")), snapshotCpu, snapshotWall);
                }
            }
            String report = report(snapshotBytes, rewrite, append, snapshots);
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        } finally {
            Directories.deleteRecursively(tmp);
        }
    }

    /** One second's changes: mostly price changes of random products, some new descriptions (re-embedded). */
    private List<ConsumedEvent> changes(List<CreateProductCommand> catalogue, Random random, Map<String, Long> sequences,
                                        int round) {
        List<ConsumedEvent> batch = new ArrayList<>(rate);
        for (int i = 0; i < rate; i++) {
            CreateProductCommand c = catalogue.get(random.nextInt(catalogue.size()));
            long sequence = sequences.merge(c.productId(), 1L, Long::sum);
            ProductUpdatedEvent update = i % 20 == 0
                    ? new ProductUpdatedEvent(c.productId(), null, "Revised in round " + round + ": " + c.description(),
                    null, null, null)
                    : new ProductUpdatedEvent(c.productId(), null, null, null,
                    new Money(new BigDecimal(1 + random.nextInt(500) + ".99"), "USD"), null);
            batch.add(consumed(update, c.productId(), sequence));
        }
        return batch;
    }

    private ConsumedEvent consumed(Object event, String productId, long sequence) {
        offset++;
        String type = event instanceof ProductCreatedEvent ? "ProductCreated" : "ProductUpdated";
        EventEnvelope envelope = new EventEnvelope("e-" + offset, type, 1, "Product", productId, sequence, offset,
                Instant.now(), null, null);
        return new ConsumedEvent(envelope, event, 0, offset);
    }

    /** The bytes a full snapshot writes: the three snapshot files and the fresh log's header. */
    private static long snapshotBytes(Path dir) throws IOException {
        long bytes = 0;
        for (String file : List.of("vectors.bin", "graph.bin", "position.properties", "changes.log")) {
            bytes += Files.size(dir.resolve(file));
        }
        return bytes;
    }

    private String report(long snapshotBytes, Totals rewrite, Totals append, Totals snapshots) {
        int n = append.count;
        double amortisedBytes = (append.bytes + snapshots.bytes) / (double) n;
        double amortisedCpu = (append.cpuNanos + snapshots.cpuNanos) / (double) n;
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Vector index: bytes and CPU per checkpoint%n%n%,d demo products "
                        + "(a %,d-byte snapshot), %d checkpoints of %d changes (95 %% price, 5 %% description), "
                        + "%d-d vectors; CPU of the checkpointing thread.%n%n", productCount, snapshotBytes, n, rate,
                SentenceEmbedder.DIMENSION));
        md.append("| Per checkpoint | Bytes written | CPU ms | Wall ms (incl. fsync) |\n|---|---:|---:|---:|\n");
        row(md, "full rewrite (before: every checkpoint a snapshot)", rewrite.bytes / (double) rewrite.count,
                rewrite.cpuNanos / (double) rewrite.count, rewrite.wallNanos / (double) rewrite.count);
        row(md, "change-log append", append.bytes / (double) n, append.cpuNanos / (double) n,
                append.wallNanos / (double) n);
        row(md, "change-log append + snapshots it called for, amortised", amortisedBytes, amortisedCpu,
                (append.wallNanos + snapshots.wallNanos) / (double) n);
        md.append(String.format(Locale.ROOT, "%nSnapshots the log called for: %d in %d checkpoints (one when its "
                        + "records outgrow the last snapshot's vectors.bin), written by the flush thread, not the "
                        + "consumer.%n%nRatio full rewrite / append: bytes %.1fx, CPU %.1fx; full rewrite / amortised "
                        + "append + snapshots: bytes %.1fx, CPU %.1fx.%n", snapshots.count, n,
                (rewrite.bytes / (double) rewrite.count) / (append.bytes / (double) n),
                (rewrite.cpuNanos / (double) rewrite.count) / (append.cpuNanos / (double) n),
                (rewrite.bytes / (double) rewrite.count) / amortisedBytes,
                (rewrite.cpuNanos / (double) rewrite.count) / amortisedCpu));
        return md.toString();
    }

    private static void row(StringBuilder md, String what, double bytes, double cpuNanos, double wallNanos) {
        md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f |%n", what, bytes, cpuNanos / 1e6,
                wallNanos / 1e6));
    }

    /** Hash-seeded random unit vectors, as many dimensions as the model's: persistence, not meaning, is measured. */
    private static final class HashedEmbedder implements TextEmbedder {
        @Override
        public int dimension() {
            return SentenceEmbedder.DIMENSION;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (String text : texts) {
                Random random = new Random(ProductText.hash(text));
                float[] v = new float[SentenceEmbedder.DIMENSION];
                double norm = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                    norm += v[i] * v[i];
                }
                float scale = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= scale;
                }
                vectors.add(v);
            }
            return vectors;
        }
    }
}
