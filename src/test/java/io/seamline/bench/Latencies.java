package io.seamline.bench;

import java.util.Arrays;

/**
 * A thread-safe recorder of latencies in nanoseconds; percentiles by nearest rank over every sample (runs
 * are short enough to keep them all, so no histogram rounding).
 */
final class Latencies {

    private long[] samples = new long[4096];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = Math.max(0, nanos);
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds; NaN without samples. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
    }

    double p50() {
        return percentileMs(50);
    }

    double p99() {
        return percentileMs(99);
    }

    synchronized double maxMs() {
        long max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, samples[i]);
        }
        return size == 0 ? Double.NaN : max / 1e6;
    }

    synchronized double meanMs() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += samples[i];
        }
        return sum / size / 1e6;
    }

    String summary() {
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", count(), p50(), p99(), maxMs());
    }
}
