package io.seamline.bench;

import org.apache.kafka.common.utils.AppInfoParser;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The report's facts table: when, from which source, on what machine and software, with which settings and load. */
final class RunFacts {

    private final BenchConfig cfg;
    private final BenchDatabase db;
    private final Path project;
    private final Path javaHome;

    RunFacts(BenchConfig cfg, BenchDatabase db, Path project, Path javaHome) {
        this.cfg = cfg;
        this.db = db;
        this.project = project;
        this.javaHome = javaHome;
    }

    /** {@code ready}: seconds from the service's launch until it was ready. */
    void addTo(BenchReport report, Instant started, String loadBefore, String loadAfter, double ready)
            throws Exception {
        report.fact("Date (UTC)", DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)));
        report.fact("Source", Evidence.source(project));
        report.fact("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.fact("CPU model", Machine.cpuModel());
        report.fact("Memory", Machine.memory());
        report.fact("OS", Machine.os());
        report.fact("JDK (harness and service)", System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + javaHome + ")");
        report.fact("PostgreSQL", db.scalarString("select version()") + "; fsync=" + db.scalarString("show fsync")
                + ", synchronous_commit=" + db.scalarString("show synchronous_commit"));
        report.fact("Kafka", AppInfoParser.getVersion() + ", single-node KRaft broker in the harness JVM "
                + "(`EmbeddedKafkaBroker`: Kafka's default flushing, the OS writes the log)");
        report.fact("Processes", "PostgreSQL server and Kafka broker started by the harness "
                + "(`EmbeddedInfra.start`); the service is `java -jar target/quarkus-app/quarkus-run.jar` as a "
                + "child process (ready " + BenchReport.num(ready, 1) + " s after launch)");
        report.fact("Settings", String.format(Locale.ROOT, "JVM warm-up %d s (creates, then orders; not measured); "
                        + "per phase %d s warm-up + %d s measured, %d clients; lag %d/s for %d s (+%d s warm-up); "
                        + "poll %d ms", cfg.jvmWarmupSeconds(), cfg.warmupSeconds(), cfg.durationSeconds(),
                cfg.clients(), cfg.lagRate(), cfg.lagDurationSeconds(), cfg.lagWarmupSeconds(), cfg.pollMillis()));
        report.fact("Load average (1, 5, 15 min) before / after", loadBefore + " / " + loadAfter);
        report.fact("Noise", "2 shared cores: absolute figures vary from run to run; compare the ratios, which "
                + "pair each figure with a baseline taken minutes apart on the same servers");
    }
}
