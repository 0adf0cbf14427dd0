package io.seamline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The service's JFR recording of the write phases, and the report's account of where their time went. */
final class WriteProfile {

    private final Path javaHome;
    private final Path jfrFile;
    private final boolean enabled;

    WriteProfile(Path javaHome, Path jfrFile, boolean enabled) {
        this.javaHome = javaHome;
        this.jfrFile = jfrFile;
        this.enabled = enabled;
    }

    /** Whether the service is recorded. */
    boolean enabled() {
        return enabled;
    }

    /** Deep Quarkus/Axon stacks: keep 256 frames per JFR sample (the default 64 cuts off the callers). */
    List<String> serviceJvmArgs() {
        return enabled ? List.of("-XX:FlightRecorderOptions:stackdepth=256") : List.of();
    }

    void start(ServiceProcess service) throws Exception {
        Files.deleteIfExists(jfrFile);
        if (enabled) {
            service.jcmd(javaHome, "JFR.start", "name=bench-write", "settings=profile", "filename=" + jfrFile);
        }
    }

    void stop(ServiceProcess service) {
        if (enabled) {
            service.jcmd(javaHome, "JFR.stop", "name=bench-write");
        }
    }

    /** The profile after the report's sections, when there is a recording. */
    void appendTo(BenchReport report, ClosedLoop.Result create, ClosedLoop.Result order) throws Exception {
        if (!enabled || !Files.exists(jfrFile)) {
            return;
        }
        StringBuilder md = new StringBuilder();
        md.append("## Where the write path's time goes\n\n");
        md.append("The service ran with JFR (`jcmd <pid> JFR.start settings=profile`) from the start of the "
                + "CreateProduct warm-up to the end of the PlaceOrder phase (`target/bench-write.jfr`). Machine CPU "
                + "during the measured windows (cores):\n\n");
        md.append("- CreateProduct: ").append(create.cpu()).append('\n');
        md.append("- PlaceOrder: ").append(order.cpu()).append("\n\n");
        md.append("### Service CPU by OS thread (from /proc; includes the JIT compiler and GC threads JFR does not "
                + "sample)\n\nCreateProduct window:\n\n").append(create.serviceThreads())
                .append("\nPlaceOrder window:\n\n").append(order.serviceThreads()).append('\n');
        md.append("### JFR: where the service's Java threads spend CPU, and where they block\n\n");
        md.append(JfrSummary.markdown(jfrFile, 15, List.of(
                new JfrSummary.Window(create.name(), create.windowFrom(), create.windowTo()),
                new JfrSummary.Window(order.name(), order.windowFrom(), order.windowTo()))));
        String hot = ProcessOutput.of(List.of(javaHome.resolve("bin/jfr").toString(), "view", "--width", "160",
                "hot-methods", jfrFile.toString()), true, Duration.ofSeconds(60));
        if (hot != null) {
            md.append("<details><summary><code>jfr view hot-methods target/bench-write.jfr</code></summary>\n\n```\n")
                    .append(hot.strip()).append("\n```\n\n</details>\n");
        }
        report.append(md.toString());
    }
}
