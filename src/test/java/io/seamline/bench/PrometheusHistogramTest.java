package io.seamline.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusHistogramTest {

    private static final String NAME = "seamline_visibility_lag_seconds";

    private static String scrape(double to10ms, double to100ms, double total) {
        return NAME + "_bucket{consumer=\"vectors\",le=\"0.01\"} 99.0\n"
                + NAME + "_bucket{consumer=\"search\",le=\"0.01\"} " + to10ms + "\n"
                + NAME + "_bucket{consumer=\"search\",le=\"0.1\"} " + to100ms + "\n"
                + NAME + "_bucket{consumer=\"search\",le=\"+Inf\"} " + total + "\n";
    }

    @Test
    void quantilesOfAWindowInterpolateInsideTheirBucket() {
        PrometheusHistogram before = PrometheusHistogram.scrape(scrape(10, 10, 10), NAME, "consumer=\"search\"");
        PrometheusHistogram after = PrometheusHistogram.scrape(scrape(60, 110, 110), NAME, "consumer=\"search\"");

        PrometheusHistogram window = after.since(before);

        assertEquals(100, window.count(), 1e-9);
        assertEquals(0.005, window.quantile(0.25), 1e-9); // 25 of the 50 in [0, 0.01]
        assertEquals(0.01 + 0.09 * 0.8, window.quantile(0.9), 1e-9); // 40 of the 50 in (0.01, 0.1]
    }
}
