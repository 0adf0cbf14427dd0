package io.seamline.platform;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads a setting before Quarkus has started (the launcher needs it to decide what to embed):
 * a system property first, then the environment variable of the same name in upper case.
 */
public final class Settings {
    private Settings() {
    }

    public static Optional<String> get(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * The environment variable that sets {@code key}, as Quarkus maps it: upper case, every other character than a
     * letter or digit as {@code _} ({@code seamline.relay.batch-size} is {@code SEAMLINE_RELAY_BATCH_SIZE}).
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
