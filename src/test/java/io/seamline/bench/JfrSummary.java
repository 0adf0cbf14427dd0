package io.seamline.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Where the service's time went, from a JFR recording: CPU samples (jdk.ExecutionSample) by activity (per
 * measured window), inside command handling by stage, by library of the first non-JDK frame, by thread and
 * by hot method; plus blocking socket I/O and lock contention above the recording's thresholds.
 */
final class JfrSummary {

    /** A named measurement window of the recording. */
    record Window(String name, Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private static final List<Map.Entry<String, String>> LIBRARIES = List.of(
            Map.entry("io.seamline.", "Seamline code"),
            Map.entry("org.axonframework.", "Axon Framework"),
            Map.entry("org.postgresql.", "PostgreSQL JDBC driver"),
            Map.entry("io.agroal.", "Agroal (JDBC pool)"),
            Map.entry("io.vertx.pgclient.", "Vert.x PostgreSQL client"),
            Map.entry("io.vertx.sqlclient.", "Vert.x PostgreSQL client"),
            Map.entry("org.hibernate.", "Hibernate (Reactive)"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("org.apache.kafka.", "Kafka clients"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("io.vertx.", "Vert.x"),
            Map.entry("org.jboss.resteasy.", "Quarkus REST"),
            Map.entry("io.quarkus.", "Quarkus"),
            Map.entry("io.smallrye.", "SmallRye (Mutiny, config, health)"),
            Map.entry("io.micrometer.", "Micrometer"),
            Map.entry("org.jboss.", "JBoss (logging, threads)"),
            Map.entry("org.hibernate.validator.", "Hibernate Validator"));

    /**
     * Stages of a command on its worker thread. A sample goes to the innermost frame that matches a stage
     * (scanning from the top of the stack), so serialization inside the append counts as serialization.
     */
    private static final List<Map.Entry<String, BiPredicate<String, String>>> STAGES = List.of(
            Map.entry("event serialization (Axon's Jackson serializer)",
                    (cls, m) -> cls.startsWith("org.axonframework.serialization.")),
            Map.entry("SKU claim (insert into product_sku)", (cls, m) -> cls.startsWith("io.seamline.product.SkuRegistry")),
            Map.entry("catalogue lookup of order lines (row store, JDBC)",
                    (cls, m) -> cls.startsWith("io.seamline.projection.rowstore.RowStoreCatalog")),
            Map.entry("event store I/O (JdbcEventStorageEngine: insert events, read for aggregates)",
                    (cls, m) -> cls.startsWith("org.axonframework.eventsourcing.eventstore.jdbc.")
                            || m.equals("appendEvents")),
            Map.entry("transaction begin/commit (JdbcTransactionManager, Agroal)",
                    (cls, m) -> cls.startsWith("io.seamline.platform.JdbcTransactionManager")),
            Map.entry("metrics (Micrometer)", (cls, m) -> cls.startsWith("io.micrometer.")),
            Map.entry("aggregate and command handler (Axon modelling, Seamline domain)",
                    (cls, m) -> cls.startsWith("org.axonframework.modelling.")
                            || cls.startsWith("org.axonframework.eventsourcing.")
                            || cls.startsWith("io.seamline.product.") || cls.startsWith("io.seamline.order.")),
            Map.entry("command bus, interceptors, unit of work (Axon messaging)",
                    (cls, m) -> cls.startsWith("org.axonframework.")),
            Map.entry("REST resource and Commands (Seamline http)", (cls, m) -> cls.startsWith("io.seamline.http.")));
    private static final String HTTP_ON_WORKER = "HTTP on the worker thread (RESTEasy: read and parse the body, "
            + "write the response)";

    private static final Set<String> BLOCKING = Set.of("jdk.SocketRead", "jdk.SocketWrite",
            "jdk.JavaMonitorEnter", "jdk.FileWrite", "jdk.FileForce");
    private static final String COMMANDS = "Command handling";

    private JfrSummary() {
    }

    static String markdown(Path recording, int top, List<Window> windows) throws IOException {
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        List<Map<String, Integer>> activities = new ArrayList<>();
        List<Map<String, Integer>> stages = new ArrayList<>();
        for (int i = 0; i <= windows.size(); i++) { // one per window, then the whole recording
            activities.add(new HashMap<>());
            stages.add(new HashMap<>());
        }
        int[] windowSamples = new int[windows.size() + 1];
        Map<String, long[]> blocking = new HashMap<>();
        int samples = 0;
        int gcs = 0;
        Duration gcPause = Duration.ZERO;
        Instant first = null;
        Instant last = null;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcs++;
                    gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                    continue;
                }
                if (BLOCKING.contains(type)) {
                    RecordedThread t = e.getThread("eventThread");
                    String key = type.substring(4) + " in " + (t == null || t.getJavaName() == null ? "(native)"
                            : t.getJavaName().replaceAll("\\d+", "#"));
                    long[] agg = blocking.computeIfAbsent(key, k -> new long[2]);
                    agg[0]++;
                    agg[1] += e.getDuration().toNanos();
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
                last = last == null || e.getStartTime().isAfter(last) ? e.getStartTime() : last;
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                selfMethods.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
                libraries.merge(library(frames), 1, Integer::sum);
                RecordedThread thread = e.getThread("sampledThread");
                String threadName = thread == null || thread.getJavaName() == null ? "(native)" : thread.getJavaName();
                threads.merge(threadName.replaceAll("\\d+", "#"), 1, Integer::sum);
                String activity = activity(frames, threadName);
                String stage = activity.startsWith(COMMANDS) ? stage(frames) : null;
                for (int w = 0; w <= windows.size(); w++) {
                    if (w == windows.size() || windows.get(w).contains(e.getStartTime())) {
                        windowSamples[w]++;
                        activities.get(w).merge(activity, 1, Integer::sum);
                        if (stage != null) {
                            stages.get(w).merge(stage, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        Duration span = first == null ? Duration.ZERO : Duration.between(first, last);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d execution samples over %.0f s (JFR, 256 frames per stack: one "
                        + "sample per running Java thread every ~10-20 ms with `profile` settings, ~20 ms with `default`; threads blocked in I/O, "
                        + "e.g. waiting for a PostgreSQL commit, are not sampled). GC in the recording: %d "
                        + "collections, %.0f ms of pauses.%n%n",
                samples, span.toMillis() / 1000.0, gcs, gcPause.toNanos() / 1e6));
        List<String> columns = new ArrayList<>();
        windows.forEach(w -> columns.add(w.name() + " window"));
        columns.add("whole recording");
        windowedTable(md, "Where CPU time goes, by activity", "Activity", columns, activities, windowSamples, top);
        windowedTable(md, "Inside command handling (executor threads), by stage; share of all samples of the "
                        + "window", "Stage", columns, stages, windowSamples, top);
        table(md, "By library of the first non-JDK frame on the stack (whole recording)", "Library", libraries,
                samples, top);
        table(md, "By thread, digits folded to # (whole recording)", "Thread", threads, samples, top);
        table(md, "Hot methods, top frame (whole recording)", "Method", selfMethods, samples, top);
        md.append("#### Blocking I/O and lock contention (whole recording)\n\nJFR `profile` thresholds: socket I/O "
                        + "≥ 1 ms, monitor enter and file I/O ≥ 10 ms. Blocking JDBC sockets show here (waiting for "
                        + "PostgreSQL, including commits; on a saturated machine also waiting for a core); Netty's "
                        + "and Kafka's non-blocking I/O does not.\n\n")
                .append("| Event in thread | Count | Total |\n|---|---:|---:|\n");
        blocking.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                .forEach(en -> md.append("| `").append(en.getKey().replace("|", "\\|")).append("` | ")
                        .append(en.getValue()[0]).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f s", en.getValue()[1] / 1e9)).append(" |\n"));
        md.append('\n');
        return md.toString();
    }

    /** What the sampled thread was doing, from its stack and name; the first rule that matches wins. */
    private static String activity(List<RecordedFrame> frames, String thread) {
        boolean commands = false;
        boolean projection = false;
        boolean relay = false;
        boolean rest = false;
        boolean reactiveSql = false;
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            commands |= cls.equals("io.seamline.http.Commands");
            projection |= cls.startsWith("io.seamline.projection.") && !cls.contains("RowStoreCatalog")
                    || cls.startsWith("io.seamline.seam.consume.ProjectionRunner");
            relay |= cls.startsWith("io.seamline.relay.");
            rest |= cls.startsWith("org.jboss.resteasy.");
            reactiveSql |= cls.startsWith("org.hibernate.reactive.") || cls.startsWith("io.vertx.pgclient.")
                    || cls.startsWith("io.vertx.sqlclient.");
        }
        if (commands || thread.startsWith("executor-thread")) {
            // the worker threads serve the blocking REST endpoints, i.e. the commands (and their catalogue reads)
            return COMMANDS + " (executor threads: HTTP body, command bus, aggregate, event store append, commit)";
        }
        if (thread.startsWith("EventProcessor[relay]") || relay) {
            return "Relay (tracking processor: read the log, envelope, send, await acks, token)";
        }
        if (thread.startsWith("EmbeddedEventStore")) {
            return "Axon embedded event store (tails the log for the relay)";
        }
        if (thread.startsWith("projection-")) {
            // one consumer thread per read model: projection-rowstore, -warehouse, -search, -vectors
            return "Read model consumer " + thread + " (Kafka poll, decode, apply)";
        }
        if (projection) {
            return "Read model consumers, off their own threads (Kafka poll, decode, apply)";
        }
        if (rest || thread.startsWith("vert.x-eventloop")) {
            return reactiveSql ? "Hibernate Reactive / Vert.x PG client on the event loop (the API's reads)"
                    : "HTTP server (Vert.x/Netty I/O, RESTEasy, JSON)";
        }
        if (thread.startsWith("kafka-")) {
            return "Kafka client I/O threads";
        }
        return "Other (" + thread.replaceAll("\\d+", "#") + ")";
    }

    private static String stage(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            String method = f.getMethod().getName();
            for (Map.Entry<String, BiPredicate<String, String>> s : STAGES) {
                if (s.getValue().test(cls, method)) {
                    return s.getKey();
                }
            }
        }
        return HTTP_ON_WORKER;
    }

    private static void windowedTable(StringBuilder md, String title, String what, List<String> columns,
                                      List<Map<String, Integer>> counts, int[] totals, int top) {
        md.append("#### ").append(title).append("\n\n| ").append(what);
        columns.forEach(c -> md.append(" | ").append(c));
        md.append(" |\n|---");
        columns.forEach(c -> md.append("|---:"));
        md.append("|\n");
        Map<String, Integer> whole = counts.get(counts.size() - 1);
        int sum = whole.values().stream().mapToInt(Integer::intValue).sum();
        whole.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> {
                    md.append("| ").append(en.getKey().replace("|", "\\|"));
                    for (int w = 0; w < counts.size(); w++) {
                        int n = counts.get(w).getOrDefault(en.getKey(), 0);
                        md.append(" | ").append(String.format(Locale.ROOT, "%.1f%% (%d)",
                                100.0 * n / Math.max(1, totals[w]), n));
                    }
                    md.append(" |\n");
                });
        md.append("| all of the above");
        for (int w = 0; w < counts.size(); w++) {
            int n = counts.get(w).values().stream().mapToInt(Integer::intValue).sum();
            md.append(" | ").append(String.format(Locale.ROOT, "%.1f%% (%d)", 100.0 * n / Math.max(1, totals[w]), n));
        }
        md.append(" |\n\n");
        if (sum == 0) {
            md.append("(no samples)\n\n");
        }
    }

    private static void table(StringBuilder md, String title, String what, Map<String, Integer> counts, int samples,
                              int top) {
        md.append("#### ").append(title).append("\n\n| ").append(what).append(" | Samples | Share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> md.append("| `").append(en.getKey().replace("|", "\\|")).append("` | ")
                        .append(en.getValue()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * en.getValue() / Math.max(1, samples)))
                        .append(" |\n"));
        md.append('\n');
    }

    private static String name(RecordedMethod m) {
        String cls = m.getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + m.getName() + "  (" + pkg(cls) + ")";
    }

    private static String pkg(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("com.sun.")) {
                continue;
            }
            String best = null; // longest matching prefix wins (org.hibernate.validator before org.hibernate)
            int bestLen = -1;
            for (Map.Entry<String, String> lib : LIBRARIES) {
                if (cls.startsWith(lib.getKey()) && lib.getKey().length() > bestLen) {
                    best = lib.getValue();
                    bestLen = lib.getKey().length();
                }
            }
            if (best != null) {
                return best;
            }
            String[] parts = cls.split("\\.");
            return parts.length >= 2 ? parts[0] + "." + parts[1] + " (other)" : cls;
        }
        return "JDK only (I/O, collections, crypto, ...)";
    }
}
