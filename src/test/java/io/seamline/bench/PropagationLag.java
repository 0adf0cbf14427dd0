package io.seamline.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * Commit → visible per read model over a window, from the propagation trace's histogram
 * {@code seamline_propagation_lag_seconds{hop}} scraped at its start and end, and the wait until every seam has
 * applied the whole log.
 */
final class PropagationLag {

    static final String LAG = "seamline_propagation_lag_seconds";
    /** The relay's own hop (append → Kafka ack): the baseline each read model's lag is set beside. */
    static final String RELAY = "kafka";
    /** The read models' hops, in the pipeline's order. */
    static final List<String> MODELS = List.of("rowstore", "warehouse.bronze", "warehouse.silver", "warehouse.gold",
            "search", "vectors");

    private final String before;

    private PropagationLag(String before) {
        this.before = before;
    }

    /** The window starts at this scrape of {@code /q/metrics}. */
    static PropagationLag from(String metrics) {
        return new PropagationLag(metrics);
    }

    /** Each hop's histogram of the window ending at this scrape: the relay first, then {@link #MODELS}. */
    Map<String, PrometheusHistogram> until(String metrics) {
        Map<String, PrometheusHistogram> hops = new LinkedHashMap<>();
        hops.put(RELAY, hop(metrics, RELAY));
        MODELS.forEach(m -> hops.put(m, hop(metrics, m)));
        return hops;
    }

    private PrometheusHistogram hop(String after, String hop) {
        String label = "hop=\"" + hop + "\"";
        return PrometheusHistogram.scrape(after, LAG, label).since(PrometheusHistogram.scrape(before, LAG, label));
    }

    /** Waits until every seam of {@code /api/freshness} reports no lag; returns the seconds waited. */
    static double awaitCaughtUp(Supplier<JsonNode> freshness, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode all = freshness.get();
                boolean caughtUp = all != null && all.isArray() && !all.isEmpty();
                for (int i = 0; caughtUp && i < all.size(); i++) {
                    caughtUp = all.get(i).path("lagEvents").asLong() == 0;
                }
                return caughtUp;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("the consumers did not catch up within " + timeout, e);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
