package io.seamline.platform.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code seamline.*} settings as application.properties documents them. A setting's meaning is the comment
 * block right above it; settings that follow it with no comment of their own share it. A commented-out line
 * ({@code #seamline.x=value}) documents a setting without setting it: its value is the code's default, or an example
 * where the code has none. {@code %profile.} lines add what a profile sets. Section headers ({@code # --- ...}) and
 * comments followed by a blank line describe no setting.
 */
record SettingsFile(List<Documented> settings, String text) {

    private static final Pattern SETTING = Pattern.compile("^(#?)(%[A-Za-z0-9_-]+\\.)?([A-Za-z][\\w.\"%-]*)=(.*)$");
    private static final String PREFIX = "seamline.";

    /** One documented setting: its comment block (numbered in file order), and the values the file gives it (profiles by name). */
    record Documented(String key, int block, String meaning, Optional<String> value, Optional<String> commented,
                      Map<String, String> profiles) {
    }

    static SettingsFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Documented> settings = new LinkedHashMap<>();
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        int block = 0;
        String meaning = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            Matcher m = SETTING.matcher(line);
            if (line.isEmpty() || line.startsWith("# ---")) {
                comment.clear();
                meaning = null;
            } else if (m.matches()) {
                String key = m.group(3);
                if (m.group(2) != null) {
                    // a profile's value neither starts nor ends a block: it belongs to the setting it names
                    if (key.startsWith(PREFIX) && m.group(1).isEmpty()) {
                        profiles.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                .put(m.group(2).substring(1, m.group(2).length() - 1), m.group(4).strip());
                    }
                    continue;
                }
                if (!comment.isEmpty()) {
                    meaning = String.join(" ", comment);
                    block++;
                    comment.clear();
                }
                if (key.startsWith(PREFIX)) {
                    boolean commented = !m.group(1).isEmpty();
                    Optional<String> value = Optional.of(m.group(4).strip());
                    Documented before = settings.put(key, new Documented(key, meaning == null ? -1 : block,
                            meaning == null ? "" : meaning, commented ? Optional.empty() : value,
                            commented ? value : Optional.empty(), Map.of()));
                    if (before != null) {
                        throw new IllegalStateException(file + " documents " + key + " twice");
                    }
                }
            } else if (line.startsWith("#")) {
                if (meaning != null && comment.isEmpty()) {
                    meaning = null;
                }
                comment.add(line.substring(1).strip());
            }
        }
        List<Documented> out = new ArrayList<>();
        settings.values().forEach(d -> out.add(new Documented(d.key(), d.block(), d.meaning(), d.value(),
                d.commented(), Collections.unmodifiableMap(new TreeMap<>(profiles.getOrDefault(d.key(), Map.of()))))));
        profiles.keySet().stream().filter(k -> !settings.containsKey(k)).findFirst().ifPresent(k -> {
            throw new IllegalStateException(file + " sets " + k + " for a profile only; document it with its default"
                    + " (or commented out, #" + k + "=...) and a comment saying what it does");
        });
        return new SettingsFile(List.copyOf(out), text);
    }

    /** Whether the file reads {@code key} into another setting ({@code ${key}} or {@code ${key:default}}). */
    boolean references(String key) {
        return text.contains("${" + key + "}") || text.contains("${" + key + ":");
    }
}
