package io.seamline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram's cumulative buckets as a Prometheus scrape shows them, and quantiles of what happened between two
 * scrapes, interpolated linearly inside a bucket as PromQL's {@code histogram_quantile} does.
 */
record PrometheusHistogram(TreeMap<Double, Double> buckets) {

    /** The buckets of {@code name} whose labels include {@code label}, from a scrape's text. */
    static PrometheusHistogram scrape(String metrics, String name, String label) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{([^}]*)\\} ([0-9.eE+-]+|NaN)$",
                Pattern.MULTILINE);
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            if (!m.group(1).contains(label)) {
                continue;
            }
            Matcher bound = le.matcher(m.group(1));
            if (bound.find()) {
                double upper = bound.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
                buckets.put(upper, Double.parseDouble(m.group(2)));
            }
        }
        return new PrometheusHistogram(buckets);
    }

    /** What was observed after {@code before} was scraped. */
    PrometheusHistogram since(PrometheusHistogram before) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        buckets.forEach((upper, count) -> delta.put(upper, count - before.buckets.getOrDefault(upper, 0.0)));
        return new PrometheusHistogram(delta);
    }

    double count() {
        return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    }

    /** The q-quantile (0..1) in the histogram's unit; NaN when empty. */
    double quantile(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        List<Map.Entry<Double, Double>> entries = new ArrayList<>(buckets.entrySet());
        for (Map.Entry<Double, Double> bucket : entries) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound; // as histogram_quantile: the highest finite bound
                }
                double inBucket = bucket.getValue() - lowerCount;
                return lowerBound + (bucket.getKey() - lowerBound) * (inBucket == 0 ? 1 : (rank - lowerCount) / inBucket);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f observations", count());
    }
}
