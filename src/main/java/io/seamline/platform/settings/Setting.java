package io.seamline.platform.settings;

/**
 * One {@code seamline.*} setting as the configuration table shows it: its key and environment variable, its default
 * as the service gets it (with what profiles change), what it does, and the comment block it shares with its
 * neighbours in application.properties.
 */
record Setting(String key, String environmentVariable, String defaultValue, String meaning, int block) {
}
