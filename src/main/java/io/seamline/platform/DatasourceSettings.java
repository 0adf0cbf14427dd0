package io.seamline.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JDBC URL configures both PostgreSQL clients: JDBC for the event store (Axon, Flyway) and the
 * reactive client for the row read model.
 */
final class DatasourceSettings {
    private DatasourceSettings() {
    }

    public static Map<String, String> forJdbcUrl(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new StartupFailure("seamline.datasource.url must be a jdbc:postgresql:// URL, got '" + jdbcUrl + "'");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
        if (user != null) {
            config.put("quarkus.datasource.username", user);
        }
        if (password != null) {
            config.put("quarkus.datasource.password", password);
        }
        return config;
    }
}
