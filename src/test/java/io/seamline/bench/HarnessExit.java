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
}
