package io.seamline.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The launcher: starts the embedded PostgreSQL and Kafka unless external servers are configured, and the embedded
 * token issuer unless an external one is, hands their addresses to Quarkus, and stops them after the service has
 * stopped. {@code seamline infra} runs only the servers, as their own process; {@code seamline credentials} prints
 * one token per role from the embedded issuer as shell exports.
 */
@QuarkusMain
public final class SeamlineMain {

    /** System properties telling the service which servers the launcher embedded. */
    static final String EMBEDDED_POSTGRES = "seamline.embedded.postgres";
    static final String EMBEDDED_KAFKA = "seamline.embedded.kafka";
    private static final String SHUTDOWN_TIMEOUT = "seamline.shutdown.timeout";
    /** What a process stopped by SIGTERM exits with (128 + 15): an orderly stop for make and orchestrators. */
    private static final int EXIT_ON_SIGTERM = 143;
    /** How long the embedded servers get to stop once the bound has passed. */
    private static final Duration INFRA_STOP_WAIT = Duration.ofSeconds(20);

    private SeamlineMain() {
    }

    public static void main(String... args) {
        try {
            if (args.length > 0 && args[0].equals("credentials")) {
                printCredentials();
                return;
            }
            boolean infraOnly = args.length > 0 && args[0].equals("infra");
            Duration stopBound = shutdownTimeout(); // read before anything starts: a bad value stops nothing
            if (NativeExecutable.NATIVE) {
                System.exit(runNative(infraOnly, stopBound, args));
            }
            EmbeddedInfra infra = startEmbedded(infraOnly);
            if (infraOnly) {
                runInfraOnly(infra);
            } else {
                System.exit(runService(infra, stopBound, args));
            }
        } catch (StartupFailure failure) {
            System.err.println("seamline: " + failure.getMessage());
            System.exit(2);
        }
    }

    private static EmbeddedInfra startEmbedded(boolean infraOnly) {
        LaunchPlan plan = LaunchPlan.from(Settings::get, infraOnly);
        plan.serviceConfig().forEach(System::setProperty);
        plan.issuerConfig().forEach(System::setProperty);
        return plan.start();
    }

    /** The native service: no embedded servers (a constant-folded branch, so their code is not in the executable). */
    private static int runNative(boolean infraOnly, Duration stopBound, String... args) {
        if (infraOnly) {
            throw new StartupFailure("the native executable has no embedded servers to run: use the JVM jar (make infra)");
        }
        NativeExecutable.serviceSettings(Settings::get).forEach(System::setProperty);
        LaunchPlan plan = LaunchPlan.from(Settings::get, false);
        plan.serviceConfig().forEach(System::setProperty);
        plan.issuerConfig().forEach(System::setProperty);
        System.err.println(NativeExecutable.startupNotice());
        return runService(new EmbeddedInfra(null, null), stopBound, args);
    }

    private static void printCredentials() {
        LaunchPlan plan = LaunchPlan.from(Settings::get, false);
        if (plan.issuerDir() == null) {
            throw new StartupFailure("tokens come from the external issuer configured in mp.jwt.verify.publickey.location;"
                    + " ask it for one with the role you need (README, Security)");
        }
        Duration lifetime = Settings.get("seamline.auth.embedded.token-lifetime")
                .map(DurationConverter::parseDuration).orElse(Duration.ofDays(7));
        System.out.print(EmbeddedIssuer.openOrCreate(plan.issuerDir()).shellExports(lifetime));
    }

    private static void runInfraOnly(EmbeddedInfra infra) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            stopped.countDown();
        }, "seamline-infra-stop"));
        System.out.println("Seamline infra is up. Point the service at it with:");
        System.out.println("  -Dseamline.datasource.url=" + infra.postgres().jdbcUrl()
                + " -Dseamline.datasource.username=" + EmbeddedPostgresServer.USER + " -Dseamline.datasource.password=" + EmbeddedPostgresServer.PASSWORD);
        System.out.println("  -Dkafka.bootstrap.servers=" + infra.kafka().bootstrapServers());
        System.out.println("  data: " + infra.postgres().dataDir() + ", " + infra.kafka().logDir() + "  (Ctrl-C stops)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int runService(EmbeddedInfra infra, Duration bound, String... args) {
        infra.config().forEach(System::setProperty);
        System.setProperty(EMBEDDED_POSTGRES, Boolean.toString(infra.postgres() != null));
        System.setProperty(EMBEDDED_KAFKA, Boolean.toString(infra.kafka() != null));
        CountDownLatch infraStopped = new CountDownLatch(1);
        // On SIGTERM the JVM runs hooks, Quarkus stops the service, Quarkus.run returns below; this hook keeps
        // the JVM alive until the embedded servers have been stopped after the service, for at most the bound.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopWithin(bound, infra, infraStopped),
                "seamline-stop-within-bound"));
        AtomicInteger exitCode = new AtomicInteger();
        try {
            Quarkus.run(Service.class, (code, cause) -> {
                exitCode.set(code);
                if (cause != null) {
                    System.err.println("seamline: the service failed: " + EmbeddedPostgresServer.rootMessage(cause));
                }
            }, args);
        } finally {
            infra.close();
            infraStopped.countDown();
        }
        return exitCode.get();
    }

    /**
     * Waits for the service and then the embedded servers to stop; past {@code bound} (a part of the service that does
     * not stop), stops the embedded servers itself, Kafka then PostgreSQL, and ends the process, so a stop signal never
     * leaves the process, or a PostgreSQL it started, running.
     */
    private static void stopWithin(Duration bound, EmbeddedInfra infra, CountDownLatch infraStopped) {
        try {
            if (infraStopped.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("seamline: the service did not stop within " + bound + " (seamline.shutdown.timeout);"
                + " stopping the embedded servers and exiting");
        Thread closer = new Thread(infra::close, "seamline-infra-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(INFRA_STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the other hooks (Quarkus waits for the service) would hold the process: it ends here
        Runtime.getRuntime().halt(EXIT_ON_SIGTERM);
    }

    /** {@code seamline.shutdown.timeout}: how long a stop may take from the signal to the end of the process. */
    static Duration shutdownTimeout() {
        String raw = Settings.get(SHUTDOWN_TIMEOUT).orElse(PlatformConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        try {
            Duration bound = DurationConverter.parseDuration(raw);
            if (bound == null || bound.isNegative() || bound.isZero()) {
                throw new IllegalArgumentException();
            }
            return bound;
        } catch (RuntimeException e) {
            throw new StartupFailure(SHUTDOWN_TIMEOUT + " must be a positive duration such as 30s, got '" + raw + "'");
        }
    }

    /** Runs until Ctrl-C or SIGTERM. */
    public static final class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
