package io.seamline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The machine a harness runs on, from /proc: its CPU, its memory and how busy it is. Public for the harnesses in other
 * packages (the end-to-end demo).
 */
public final class Machine {

    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages, e.g. "0.52 0.61 0.70". */
    public static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return String.join(" ", Arrays.copyOf(fields, Math.min(3, fields.length)));
    }

    public static String cpuModel() {
        return firstLine("/proc/cpuinfo", "model name", l -> l.substring(l.indexOf(':') + 1).trim());
    }

    public static String memory() {
        return firstLine("/proc/meminfo", "MemTotal", l -> String.format(Locale.ROOT, "%.1f GiB",
                Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0));
    }

    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    /** {@code value} of the first line of {@code file} that starts with {@code prefix}; "unknown" without one. */
    private static String firstLine(String file, String prefix, Function<String, String> value) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            Optional<String> line = lines.filter(l -> l.startsWith(prefix)).findFirst();
            return line.map(value).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
