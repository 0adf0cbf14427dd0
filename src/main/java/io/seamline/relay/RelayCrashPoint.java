package io.seamline.relay;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.IntConsumer;

/**
 * Fault injection for crash tests: runs after the broker acked a batch and before the relay's token is
 * committed, the one window in which a crash makes the relay send the batch again.
 */
@ApplicationScoped
class RelayCrashPoint {

    private static final IntConsumer NOTHING = batchSize -> {
    };

    private volatile IntConsumer action = NOTHING;

    /** Runs {@code action} with the batch's size at the crash point of every batch until {@link #clear()}. */
    public void arm(IntConsumer action) {
        this.action = action;
    }

    public void clear() {
        arm(NOTHING);
    }

    void reached(int batchSize) {
        action.accept(batchSize);
    }
}
