package io.seamline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a phase, from /proc (Linux only; elsewhere every figure is n/a):
 * the service process, the PostgreSQL server (postmaster and its backends), this harness JVM (the Kafka
 * broker, the clients) and everything else on the machine, which on a shared box is the noise.
 */
final class CpuMeter {

    /** Cumulative CPU ticks at one moment. */
    record Snapshot(long nanos, long service, long postgres, long harness, long machineBusy) {
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every mainstream Linux

    private final Path postmasterPidFile;

    CpuMeter(Path postgresDataDir) {
        this.postmasterPidFile = postgresDataDir.resolve("postmaster.pid");
    }

    Snapshot snapshot(long servicePid) {
        long postmaster = postmasterPid();
        long pg = 0;
        if (postmaster > 0) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                pg = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .mapToLong(p -> {
                            long[] stat = stat(p.resolve("stat"));
                            if (stat == null) {
                                return 0;
                            }
                            // the postmaster's reaped children (backends that exited) count as well
                            return stat[0] == postmaster ? stat[2] + stat[3] : stat[1] == postmaster ? stat[2] : 0;
                        }).sum();
            } catch (IOException e) {
                pg = -1;
            }
        }
        long[] svc = servicePid > 0 ? stat(Path.of("/proc/" + servicePid + "/stat")) : null;
        long[] self = stat(Path.of("/proc/self/stat"));
        return new Snapshot(System.nanoTime(), svc == null ? 0 : svc[2], pg, self == null ? -1 : self[2], machineBusy());
    }

    /** "service 0.9, PostgreSQL 0.6, harness 0.3, other 0.1 cores (of 2)". */
    static String describe(Snapshot from, Snapshot to) {
        if (from == null || to == null) {
            return "n/a";
        }
        double secs = (to.nanos() - from.nanos()) / 1e9;
        if (secs <= 0 || from.harness() < 0 || to.machineBusy() < 0) {
            return "n/a";
        }
        double svc = cores(to.service() - from.service(), secs);
        double pg = cores(to.postgres() - from.postgres(), secs);
        double harness = cores(to.harness() - from.harness(), secs);
        double busy = cores(to.machineBusy() - from.machineBusy(), secs);
        double other = Math.max(0, busy - svc - pg - harness);
        return String.format(Locale.ROOT, "service %.2f, PostgreSQL %.2f, harness (Kafka broker + clients) %.2f, "
                        + "other processes %.2f; machine busy %.2f of %d cores", svc, pg, harness, other, busy,
                Runtime.getRuntime().availableProcessors());
    }

    /** Seconds of CPU the service and PostgreSQL spent between two snapshots (NaN without /proc). */
    static double serviceAndPostgresSeconds(Snapshot from, Snapshot to) {
        return from.harness() < 0 || to.harness() < 0 ? Double.NaN
                : (to.service() - from.service() + to.postgres() - from.postgres()) / TICKS_PER_SECOND;
    }

    /** Cores the whole machine kept busy on average between two snapshots (NaN without /proc). */
    static double machineCores(Snapshot from, Snapshot to) {
        double secs = (to.nanos() - from.nanos()) / 1e9;
        return secs <= 0 || from.machineBusy() < 0 || to.machineBusy() < 0 ? Double.NaN
                : cores(to.machineBusy() - from.machineBusy(), secs);
    }

    /** CPU ticks per thread of a process, keyed by tid and OS thread name (15 chars, as the JVM sets it). */
    static Map<String, Long> threads(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + "/" + comm, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** Markdown rows "| thread group | cores |" of the busiest thread groups between two {@link #threads} reads. */
    static String threadTable(Map<String, Long> from, Map<String, Long> to, double seconds, int top) {
        Map<String, Long> byGroup = new HashMap<>();
        to.forEach((key, ticks) -> {
            long delta = ticks - from.getOrDefault(key, 0L);
            String name = key.substring(key.indexOf('/') + 1).replaceAll("\\d+", "#");
            byGroup.merge(name, delta, Long::sum);
        });
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder md = new StringBuilder("| OS thread (name as the kernel shows it, digits folded) | Cores | Share |\n"
                + "|---|---:|---:|\n");
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> md.append("| `").append(e.getKey().replace("|", "\\|")).append("` | ")
                        .append(String.format(Locale.ROOT, "%.2f", cores(e.getValue(), seconds))).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / Math.max(1, total)))
                        .append(" |\n"));
        md.append(String.format(Locale.ROOT, "| all threads | %.2f | 100%% |%n", cores(total, seconds)));
        return md.toString();
    }

    private static double cores(long ticks, double secs) {
        return ticks / TICKS_PER_SECOND / secs;
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {pid, ppid, utime+stime, cutime+cstime} or null. */
    private static long[] stat(Path file) {
        try {
            String s = Files.readString(file);
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            // after "pid (comm) ": f[0]=state f[1]=ppid ... f[11]=utime f[12]=stime
            long pid = Long.parseLong(s.substring(0, s.indexOf(' ')));
            return new long[]{pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) {
                if (i != 4 && i != 5) { // user nice system irq softirq: not idle, iowait or steal
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
