package io.seamline.bench;

/**
 * Makes a harness's JVM end when its main thread fails. Kafka's, PostgreSQL's and the HTTP client's non-daemon
 * threads would otherwise keep it alive after an uncaught exception or error, and a CI step would hang until its
 * wall-clock limit instead of failing at once.
 */
public final class HarnessExit {

    private HarnessExit() {
    }

    /** Call first in a harness's {@code main}: an uncaught throwable on any thread prints and exits with 2. */
    public static void onUncaughtFailure() {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            System.err.println("harness failed on thread " + thread.getName() + ":");
            failure.printStackTrace();
            System.exit(2); // runs the shutdown hooks, which stop child services
        });
    }

    /** A harness's work: how many of its checks were not as expected. */
    @FunctionalInterface
    public interface Checked {
        int failures() throws Exception;
    }

    /**
     * A whole harness {@code main}: {@link #onUncaughtFailure()}, then {@code harness} with {@code cleanup} run after
     * it and as a shutdown hook (so an interrupt still stops the services it started), then exit 1 when a check failed
     * and 0 otherwise: the HTTP client's non-daemon threads must not keep the harness alive.
     */
    public static void run(Checked harness, Runnable cleanup) throws Exception {
        onUncaughtFailure();
        Thread hook = new Thread(cleanup, "harness-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int failures;
        try {
            failures = harness.failures();
        } finally {
            cleanup.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
