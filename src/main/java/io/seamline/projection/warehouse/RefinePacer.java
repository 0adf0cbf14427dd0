package io.seamline.projection.warehouse;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the live pipeline next commits silver and gold: at most once per minimum commit interval whatever the rate of
 * batches (a burst of small ones included), and while it catches up (full batches) at most once per refine interval.
 * What a commit defers stays folded in memory and goes with the next one, so commits and their fsyncs per second stay
 * bounded by settings, not by the traffic.
 */
final class RefinePacer {

    private final long minimumNanos;
    private final long catchingUpNanos;
    private final LongSupplier nanoTime;
    private long lastCommit;

    RefinePacer(Duration minimum, Duration catchingUp, LongSupplier nanoTime) {
        this.minimumNanos = minimum.toNanos();
        this.catchingUpNanos = Math.max(minimum.toNanos(), catchingUp.toNanos());
        this.nanoTime = nanoTime;
        this.lastCommit = nanoTime.getAsLong() - catchingUpNanos; // the first commit need not wait
    }

    /** Whether silver and gold may be committed now; {@code caughtUp} when the batch was not full. */
    boolean due(boolean caughtUp) {
        long since = nanoTime.getAsLong() - lastCommit;
        return since >= (caughtUp ? minimumNanos : catchingUpNanos);
    }

    /** Silver and gold were just committed. */
    void committed() {
        lastCommit = nanoTime.getAsLong();
    }
}
