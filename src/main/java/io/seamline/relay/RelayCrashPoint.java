package io.seamline.relay;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault injection for crash tests: runs after the broker acked a batch and before the relay's token is
 * committed, the one window in which a crash makes the relay send the batch again.
 */
@ApplicationScoped
public class RelayCrashPoint {

    private volatile Runnable action = () -> {
    };

    /** Runs {@code action} at the crash point of every batch until {@link #clear()}. */
    public void arm(Runnable action) {
        this.action = action;
    }

    public void clear() {
        arm(() -> {
        });
    }

    void reached() {
        action.run();
    }
}
