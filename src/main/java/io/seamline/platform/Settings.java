package io.seamline.platform;

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
            value = System.getenv(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
