package io.seamline.bench;

import java.io.Closeable;

/** One built approximate-nearest-neighbour index of the tuning, searched by one thread. */
interface AnnIndex extends Closeable {

    /** Seconds the build took (wall clock, including the merge to one segment for Lucene). */
    double buildSeconds();

    /**
     * The ordinals of the top {@code k} vectors found for {@code query} into {@code out}, best first, exploring
     * {@code candidates} of them; returns how many were written.
     */
    int search(float[] query, int k, int candidates, int[] out);
}
