package io.seamline.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the launcher starts, decided from settings alone: each data server is embedded unless an external
 * one is configured ({@code seamline.datasource.url} or {@code quarkus.datasource.jdbc.url} for PostgreSQL,
 * {@code kafka.bootstrap.servers} for Kafka), and so is the token issuer unless the keys of an external one are
 * ({@code mp.jwt.verify.publickey.location}). {@code postgresPort}/{@code kafkaPort}/{@code issuerDir} are null when
 * external.
 */
public record LaunchPlan(Path dataDir, Integer postgresPort, Integer kafkaPort, int controllerPort,
                         Integer httpPort, Path issuerDir, Map<String, String> serviceConfig) {

    public static LaunchPlan from(Function<String, Optional<String>> settings, boolean infraOnly) {
        Path dataDir = Path.of(settings.apply("seamline.data.dir").orElse(PlatformConfig.DEFAULT_DATA_DIR))
                .toAbsolutePath();
        Map<String, String> config = new LinkedHashMap<>();
        Optional<String> url = settings.apply("seamline.datasource.url");
        url.ifPresent(u -> config.putAll(DatasourceSettings.forJdbcUrl(u,
                settings.apply("seamline.datasource.username").orElse(null),
                settings.apply("seamline.datasource.password").orElse(null))));
        boolean externalPostgres = !infraOnly
                && (url.isPresent() || settings.apply("quarkus.datasource.jdbc.url").isPresent());
        boolean externalKafka = !infraOnly && settings.apply("kafka.bootstrap.servers").isPresent();
        boolean externalIssuer = settings.apply("mp.jwt.verify.publickey.location").isPresent()
                || settings.apply("mp.jwt.verify.publickey").isPresent();
        return new LaunchPlan(dataDir,
                externalPostgres ? null : port(settings, "seamline.embedded.postgres.port", 15432),
                externalKafka ? null : port(settings, "seamline.embedded.kafka.port", 19092),
                port(settings, "seamline.embedded.kafka.controller-port", 19093),
                infraOnly ? null : port(settings, "quarkus.http.port", 8080),
                infraOnly || externalIssuer ? null : settings.apply("seamline.auth.embedded.dir")
                        .map(dir -> Path.of(dir).toAbsolutePath()).orElse(issuerDir(dataDir)),
                config);
    }

    /**
     * Where the embedded token issuer keeps its key unless {@code seamline.auth.embedded.dir} says otherwise (replicas
     * that must accept each other's tokens share that one): {@code <data>/auth}.
     */
    public static Path issuerDir(Path dataDir) {
        return dataDir.resolve("auth");
    }

    /** The settings that point the service at the embedded issuer's key (made on first start); none if external. */
    public Map<String, String> issuerConfig() {
        return issuerDir == null ? Map.of() : EmbeddedIssuer.openOrCreate(issuerDir).verifierConfig();
    }

    /** Checks the service's port, then starts what is to be embedded. */
    public EmbeddedInfra start() {
        if (httpPort != null) {
            PortCheck.requireFree(httpPort, "the HTTP API");
        }
        return EmbeddedInfra.start(dataDir, postgresPort, kafkaPort, controllerPort);
    }

    private static int port(Function<String, Optional<String>> settings, String key, int fallback) {
        String raw = settings.apply(key).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(raw);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StartupFailure(key + " must be a port number, got '" + raw + "'");
        }
    }
}
