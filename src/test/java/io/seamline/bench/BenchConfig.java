package io.seamline.bench;

import java.nio.file.Path;

/**
 * The benchmark's settings, from system properties: {@code bench.warmup} (s, 5) and {@code bench.duration} (s, 20)
 * per phase, {@code bench.jvm-warmup} (s, 60, unmeasured traffic after the service starts: on two shared cores the JIT compiler needs about that long to settle), {@code bench.clients}
 * (16), {@code bench.lag.rate} (500/s), {@code bench.lag.warmup} and {@code bench.lag.duration} (default: the phase
 * values), {@code bench.lag.low-rate} (100/s, for half the lag duration, as a reference; 0 skips it),
 * {@code bench.poll.ms} (5), {@code bench.relay.batch} (1024, passed to the service as seamline.relay.batch-size), {@code bench.jfr} (true),
 * {@code bench.out} (docs/evidence/bench-write.md), {@code bench.keep-data} (false). A CI-sized run:
 * {@code make bench BENCH_ARGS="-Dbench.jvm-warmup=4 -Dbench.warmup=2 -Dbench.duration=5"}.
 */
record BenchConfig(int warmupSeconds, int durationSeconds, int jvmWarmupSeconds, int clients, int lagRate,
                   int lagWarmupSeconds, int lagDurationSeconds, int lagLowRate, int pollMillis, int relayBatch,
                   boolean jfr, Path out, boolean keepData) {

    static BenchConfig fromSystemProperties() {
        int warmup = Integer.getInteger("bench.warmup", 5);
        int duration = Integer.getInteger("bench.duration", 20);
        return new BenchConfig(warmup, duration, Integer.getInteger("bench.jvm-warmup", 60),
                Integer.getInteger("bench.clients", 16),
                Integer.getInteger("bench.lag.rate", 500), Integer.getInteger("bench.lag.warmup", warmup),
                Integer.getInteger("bench.lag.duration", duration), Integer.getInteger("bench.lag.low-rate", 100),
                Integer.getInteger("bench.poll.ms", 5),
                Integer.getInteger("bench.relay.batch", 1024),
                Boolean.parseBoolean(System.getProperty("bench.jfr", "true")),
                Path.of(System.getProperty("bench.out",
                        Evidence.page(Path.of("").toAbsolutePath(), "bench-write.md").toString())),
                Boolean.getBoolean("bench.keep-data"));
    }

    /** The command that repeats this run: {@code make bench} with the {@code bench.*} properties it was given. */
    static String commandLine() {
        return commandLine("bench");
    }

    /** The command that repeats this run: {@code make <target>} with the {@code bench.*} properties it was given. */
    static String commandLine(String target) {
        StringBuilder args = new StringBuilder();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.")).sorted()
                .forEach(k -> args.append(args.isEmpty() ? "" : " ").append("-D").append(k).append('=')
                        .append(System.getProperty(k)));
        return args.isEmpty() ? "make " + target : "make " + target + " BENCH_ARGS=\"" + args + "\"";
    }
}
