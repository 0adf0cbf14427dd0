package io.seamline.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded data servers: PostgreSQL and a KRaft Kafka broker, each started only when no external
 * server is configured. Stops Kafka before PostgreSQL, the reverse of how the service depends on them.
 */
public final class EmbeddedInfra implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;

    public EmbeddedInfra(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Embedded servers under {@code dataDir} on the given ports; either may be null when external. */
    public static EmbeddedInfra start(Path dataDir, Integer postgresPort, Integer kafkaPort, Integer controllerPort) {
        EmbeddedPostgresServer pg = null;
        EmbeddedKafkaBroker broker = null;
        try {
            if (postgresPort != null) {
                PortCheck.requireFree(postgresPort, "embedded PostgreSQL");
                pg = new EmbeddedPostgresServer(dataDir.resolve("postgres"), postgresPort).start();
            }
            if (kafkaPort != null) {
                PortCheck.requireFree(kafkaPort, "embedded Kafka");
                PortCheck.requireFree(controllerPort, "embedded Kafka's controller");
                broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort).start();
            }
            return new EmbeddedInfra(pg, broker);
        } catch (RuntimeException e) {
            new EmbeddedInfra(pg, broker).close();
            throw e;
        }
    }

    /** The settings that point the service at these servers. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        if (postgres != null) {
            config.putAll(DatasourceSettings.forJdbcUrl(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD));
        }
        if (kafka != null) {
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        }
        return config;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public boolean empty() {
        return postgres == null && kafka == null;
    }

    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
