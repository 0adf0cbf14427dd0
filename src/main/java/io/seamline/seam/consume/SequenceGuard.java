package io.seamline.seam.consume;

/**
 * The idempotency rule every projection follows: apply the next sequence of an aggregate, skip what is
 * at or below the one already applied (a redelivery), and report a jump (an event that never arrived).
 * <p>
 * Every skip is also tallied on the deciding thread, so the loop that runs a consumer's batches can count what the
 * guard skipped ({@link #takeSkipped}) without each read model reporting it: the guard sits deep inside each model's
 * fold, the loop around it.
 */
public final class SequenceGuard {

    /** What to do with an incoming event. */
    public enum Decision { APPLY, SKIP, GAP }

    /** Stored sequence of an aggregate the projection has not seen yet. */
    public static final long NONE = -1;

    /**
     * Skips decided on this thread since {@link #takeSkipped} was last called there. A consumer loop owns its thread;
     * on any other thread (a replay, a repair) the tally is never read, and it is one long per thread.
     */
    private static final ThreadLocal<long[]> SKIPPED = ThreadLocal.withInitial(() -> new long[1]);

    private SequenceGuard() {
    }

    public static Decision decide(long storedSequence, long incomingSequence) {
        if (incomingSequence <= storedSequence) {
            SKIPPED.get()[0]++;
            return Decision.SKIP;
        }
        return incomingSequence == storedSequence + 1 ? Decision.APPLY : Decision.GAP;
    }

    /** How many events the guard skipped on this thread since the last call, and starts the tally again from 0. */
    public static long takeSkipped() {
        long[] tally = SKIPPED.get();
        long skipped = tally[0];
        tally[0] = 0;
        return skipped;
    }
}
