package io.seamline.seamcheck;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** What a harness saw, in order and with wall-clock times: printed as it happens, then written as markdown. */
public final class Timeline {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private record Entry(Instant at, String text) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Consumer<String> out;
    private final Instant start = Instant.now();

    public Timeline(Consumer<String> out) {
        this.out = out;
    }

    public synchronized void note(String text) {
        Entry entry = new Entry(Instant.now(), text);
        entries.add(entry);
        out.accept(CLOCK.format(entry.at()) + "  " + text);
    }

    public synchronized void note(String format, Object... args) {
        note(String.format(format, args));
    }

    /** Seconds since this timeline began. */
    public double elapsed() {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    /** The entries since {@code from} as a markdown table (time UTC, +seconds from the first, what). */
    public synchronized String markdownSince(int from) {
        StringBuilder md = new StringBuilder("| time (UTC) | + s | what |\n|---|---:|---|\n");
        Instant first = from < entries.size() ? entries.get(from).at() : Instant.now();
        for (Entry e : entries.subList(from, entries.size())) {
            md.append("| ").append(CLOCK.format(e.at())).append(" | ")
                    .append(String.format("%.1f", Duration.between(first, e.at()).toMillis() / 1000.0)).append(" | ")
                    .append(e.text().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return md.toString();
    }

    public synchronized int size() {
        return entries.size();
    }
}
