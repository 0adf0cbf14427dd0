package io.seamline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EmbeddedIssuer;
import io.seamline.platform.LaunchPlan;
import io.seamline.platform.Roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.seamline.bench.BenchLog.log;
import static org.awaitility.Awaitility.await;

/**
 * CPU = fixed + per event × rate, per OS thread of a running service (e.g. {@code make run} on its own ports): the
 * service idle with every read model caught up, then the capacity mix ({@link MixedCommands}) at each rate, each
 * window running until every read model has applied the load. Prints one column of cores per rate for every thread
 * group, the in-process Kafka broker's threads summed apart (their CPU per event is what the consumers' fetch
 * settings move), and the marginal CPU per event over idle.
 */
public final class CpuPerEventProbe {

    /** OS names (15 characters, digits folded) of the in-process broker's threads; the service's clients are not. */
    private static final Pattern BROKER = Pattern.compile("data-plane-kafk|kafka-scheduler|ExpirationReape|"
            + "group-coordinat|controller-.*|broker-.*|share-.*|transaction-log|raft-expiration|quorum-controll|"
            + "persister-state|PersisterStateM|kafka-log-clean|kafka-#-.*|executor-(?!thread).*|TxnMarkerSender|"
            + "LogDirFailureHa|AddPartitionsTo|client-metrics-|SensorExpiryThr");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final long pid;
    /** false: windows start and end without waiting for the read models (a model still catching up is counted). */
    private final boolean awaitCaughtUp = Boolean.parseBoolean(System.getProperty("probe.await-caught-up", "true"));
    /** Read models not awaited, e.g. one switched off (its lag then only grows): probe.ignore=vectors. */
    private final List<String> ignored = Arrays.asList(System.getProperty("probe.ignore", "").split(","));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CpuPerEventProbe(URI base, String token, long pid) {
        this.base = base;
        this.token = token;
        this.pid = pid;
    }

    /** One window: the rate asked for, the events acknowledged, its length and the ticks per thread group. */
    private record Window(int rate, long events, double seconds, Map<String, Long> ticks) {
        double cores(String group) {
            return ticks.getOrDefault(group, 0L) / 100.0 / seconds;
        }

        double total() {
            return ticks.values().stream().mapToLong(Long::longValue).sum() / 100.0 / seconds;
        }

        double broker() {
            return ticks.entrySet().stream().filter(e -> BROKER.matcher(e.getKey()).matches())
                    .mapToLong(Map.Entry::getValue).sum() / 100.0 / seconds;
        }
    }

    /** Reads probe.url, probe.data-dir (for the embedded issuer's token), probe.pid, probe.rates, probe.seconds. */
    public static void main(String[] args) throws Exception {
        HarnessExit.run(CpuPerEventProbe::probe, () -> { });
    }

    private static int probe() throws Exception {
        URI url = URI.create(System.getProperty("probe.url", "http://127.0.0.1:8080"));
        Path dataDir = Path.of(System.getProperty("probe.data-dir", "data")).toAbsolutePath();
        long pid = Long.getLong("probe.pid", -1L);
        if (pid <= 0) {
            throw new IllegalArgumentException("-Dprobe.pid=<the service's process id> is required");
        }
        int[] rates = Arrays.stream(System.getProperty("probe.rates", "0,20,100").split(","))
                .mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        int seconds = Integer.getInteger("probe.seconds", 30);
        String token = EmbeddedIssuer.openOrCreate(LaunchPlan.issuerDir(dataDir)).token(Roles.ALL, Duration.ofDays(1));
        CpuPerEventProbe probe = new CpuPerEventProbe(url, token, pid);
        List<String> products = probe.productIds(Integer.getInteger("probe.products", 500));
        List<Window> windows = new ArrayList<>();
        for (int rate : rates) {
            windows.add(probe.window(products, rate, seconds));
        }
        System.out.println(table(windows));
        return 0;
    }

    private Window window(List<String> products, int rate, int seconds) throws Exception {
        awaitCaughtUp();
        Map<String, Long> t0 = CpuMeter.threads(pid);
        long n0 = System.nanoTime();
        long events = 0;
        if (rate == 0) {
            log("idle for %d s", seconds);
            // the window is the measurement: nothing to wait for but its end
            await().pollDelay(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 5L)).until(() -> true);
        } else {
            log("the mix at %d/s for %d s", rate, seconds);
            MixedCommands mix = new MixedCommands(products, this::request);
            OpenLoop.Outcome load = OpenLoop.run(http, rate, seconds, mix::command, mix::acknowledged);
            events = load.acknowledged();
            awaitCaughtUp();
        }
        double secs = (System.nanoTime() - n0) / 1e9;
        Map<String, Long> t1 = CpuMeter.threads(pid);
        Map<String, Long> byGroup = new TreeMap<>();
        t1.forEach((key, ticks) -> byGroup.merge(key.substring(key.indexOf('/') + 1).replaceAll("\\d+", "#"),
                ticks - t0.getOrDefault(key, 0L), Long::sum));
        Window w = new Window(rate, events, secs, byGroup);
        log("%d/s: %d events in %.1f s, service %.3f cores, broker %.3f cores (load average %s)", rate, events, secs,
                w.total(), w.broker(), Machine.loadAverage());
        return w;
    }

    private void awaitCaughtUp() throws InterruptedException {
        if (awaitCaughtUp) {
            PropagationLag.awaitCaughtUp(this::freshness, Duration.ofMinutes(15));
        }
    }

    private static String table(List<Window> windows) {
        Map<String, Double> order = new LinkedHashMap<>();
        windows.forEach(w -> w.ticks().keySet().forEach(g -> order.merge(g, w.cores(g), Double::sum)));
        StringBuilder md = new StringBuilder("| OS thread group (digits folded) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Window w : windows) {
            md.append(w.rate() == 0 ? " idle |" : " " + w.rate() + "/s |");
            rule.append("---:|");
        }
        md.append('\n').append(rule).append('\n');
        order.entrySet().stream().filter(e -> e.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> row(md, "`" + e.getKey() + "`" + (BROKER.matcher(e.getKey()).matches() ? " (broker)" : ""),
                        windows, w -> fmt(w.cores(e.getKey()))));
        row(md, "**service, all threads (cores)**", windows, w -> fmt(w.total()));
        row(md, "**of which the Kafka broker (cores)**", windows, w -> fmt(w.broker()));
        row(md, "events applied", windows, w -> Long.toString(w.events()));
        row(md, "window (s, until every read model caught up)", windows, w -> String.format(Locale.ROOT, "%.1f", w.seconds()));
        row(md, "service CPU per event (ms)", windows, w -> perEvent(w.total() * w.seconds(), w.events()));
        row(md, "broker CPU per event (ms)", windows, w -> perEvent(w.broker() * w.seconds(), w.events()));
        Window idle = windows.stream().filter(w -> w.rate() == 0).findFirst().orElse(null);
        if (idle != null) {
            row(md, "service CPU per event over idle (ms)", windows,
                    w -> perEvent((w.total() - idle.total()) * w.seconds(), w.events()));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, List<Window> windows,
                            java.util.function.Function<Window, String> cell) {
        md.append("| ").append(name).append(" |");
        windows.forEach(w -> md.append(' ').append(cell.apply(w)).append(" |"));
        md.append('\n');
    }

    private static String perEvent(double cpuSeconds, long events) {
        return events == 0 ? "" : String.format(Locale.ROOT, "%.2f", 1000 * cpuSeconds / events);
    }

    private static String fmt(double cores) {
        return String.format(Locale.ROOT, "%.3f", cores);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode freshness() {
        com.fasterxml.jackson.databind.node.ArrayNode awaited = JSON.createArrayNode();
        get("/api/freshness").forEach(seam -> {
            if (!ignored.contains(seam.path("seam").asText())) {
                awaited.add(seam);
            }
        });
        return awaited;
    }

    private JsonNode get(String path) {
        try {
            return JSON.readTree(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ids of up to {@code count} products of the catalogue, page by page. */
    private List<String> productIds(int count) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/api/products?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.path("items").forEach(p -> ids.add(p.path("id").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && ids.size() < count);
        return ids.subList(0, Math.min(count, ids.size()));
    }
}
