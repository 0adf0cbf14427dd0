package io.seamline.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A phase's timeline in {@code System.nanoTime()}: a warm-up from {@code start}, measured {@code from} to {@code to}. */
record Window(long start, long from, long to) {

    static Window startingNow(int warmupSeconds, int measuredSeconds) {
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        return new Window(start, from, from + TimeUnit.SECONDS.toNanos(measuredSeconds));
    }

    /** Whether a completion at {@code nanoTime} counts. */
    boolean contains(long nanoTime) {
        return nanoTime >= from && nanoTime <= to;
    }

    boolean over() {
        return System.nanoTime() >= to;
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
