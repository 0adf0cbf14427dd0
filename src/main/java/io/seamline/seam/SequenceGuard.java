package io.seamline.seam;

/**
 * The idempotency rule every projection follows: apply the next sequence of an aggregate, skip what is
 * at or below the one already applied (a redelivery), and report a jump (an event that never arrived).
 */
public final class SequenceGuard {

    /** What to do with an incoming event. */
    public enum Decision { APPLY, SKIP, GAP }

    /** Stored sequence of an aggregate the projection has not seen yet. */
    public static final long NONE = -1;

    private SequenceGuard() {
    }

    public static Decision decide(long storedSequence, long incomingSequence) {
        if (incomingSequence <= storedSequence) {
            return Decision.SKIP;
        }
        return incomingSequence == storedSequence + 1 ? Decision.APPLY : Decision.GAP;
    }
}
