package io.seamline.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded data servers: PostgreSQL and a KRaft Kafka broker, each started only when no external
 * server is configured, after stopping a PostgreSQL a dead Seamline left running on the same data
 * ({@link LeftBehindPostgres}). Stops Kafka before PostgreSQL, the reverse of how the service depends on them.
 */
public final class EmbeddedInfra implements AutoCloseable {

    /** How long a PostgreSQL left behind gets for its fast shutdown before it is killed. */
    private static final Duration LEFT_BEHIND_STOP_WAIT = Duration.ofSeconds(20);

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
                Path pgData = dataDir.resolve("postgres");
                // before the port check: a server a dead Seamline left running holds the port
                new LeftBehindPostgres(pgData, LEFT_BEHIND_STOP_WAIT).clear()
                        .ifPresent(done -> System.out.println("seamline: " + done));
                PortCheck.requireFree(postgresPort, "embedded PostgreSQL");
                pg = new EmbeddedPostgresServer(pgData, postgresPort).start();
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

    /** Stops what runs; once only, whether the service's stop or the launcher's last resort gets here first. */
    @Override
    public synchronized void close() {
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
