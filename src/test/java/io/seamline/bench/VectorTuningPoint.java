package io.seamline.bench;

/**
 * One measured point of the tuning curve: an engine and its settings, and what single-threaded searches of the
 * held-out queries showed (recall@10 against the exact top-10, latency percentiles, queries per second).
 *
 * @param variant empty for the sweep, else the lever that differs from it (e.g. "hierarchy on")
 * @param maxDegree M: jvector maxDegree, Lucene maxConn; 0 for brute force
 * @param candidates jvector rerankK, Lucene k; 0 for brute force
 * @param qps queries over their summed wall time
 * @param cpuQps queries over the searching thread's CPU time: what a query costs, whatever else runs on the cores
 */
record VectorTuningPoint(String dataSet, String engine, String variant, int maxDegree, int candidates, double recall,
                         double p50Ms, double p99Ms, double qps, double cpuQps, double buildSeconds) {

    static final String JVECTOR = "jvector";
    static final String LUCENE = "Lucene HNSW";
    static final String BRUTE_FORCE = "brute force";

    boolean sweep() {
        return variant.isEmpty();
    }

    /** The curve this point belongs to, e.g. "jvector M=32" or "jvector M=32, hierarchy on". */
    String curve() {
        return engine + (maxDegree > 0 ? " M=" + maxDegree : "") + (variant.isEmpty() ? "" : ", " + variant);
    }
}
