package io.seamline.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The harness's progress lines on the console, stamped with the UTC time. */
final class BenchLog {

    private BenchLog() {
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC)
                .format(Instant.now().truncatedTo(ChronoUnit.SECONDS)), String.format(Locale.ROOT, format, args));
    }

    static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }
}
