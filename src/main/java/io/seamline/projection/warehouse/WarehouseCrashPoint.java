package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.LandingStage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Consumer;

/**
 * Fault injection for the landing's kill test: runs after each {@link LandingStage} of every commit. An action
 * that throws {@link SimulatedCrash} makes the pipeline drop everything it holds in memory and start again from
 * its files, as a killed process would.
 */
@ApplicationScoped
class WarehouseCrashPoint {

    private static final Consumer<LandingStage> NOTHING = stage -> {
    };

    private volatile Consumer<LandingStage> action = NOTHING;

    public void arm(Consumer<LandingStage> action) {
        this.action = action;
    }

    public void clear() {
        arm(NOTHING);
    }

    void reached(LandingStage stage) {
        action.accept(stage);
    }

    /** Thrown by a crash test's action: the process "dies" at that point. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(LandingStage stage) {
            super("simulated crash after " + stage, null, false, false);
        }
    }
}
