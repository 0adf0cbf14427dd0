package io.seamline.platform;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds every Kafka client of the service (producers, consumers, admin clients) from one set of connection settings:
 * the brokers and Kafka's standard client security properties, configured once as {@code kafka.*}
 * ({@code kafka.security.protocol}, {@code kafka.ssl.*}, {@code kafka.sasl.*}, or a Quarkus TLS configuration named
 * by {@code kafka.tls-configuration-name}), so a cluster that wants TLS or SASL is reached by all of them alike. Each
 * client adds its own settings on top. Nothing else of {@code kafka.*} is passed on: a client's behaviour (acks, offsets,
 * batch sizes) is the service's to decide, not a global setting's.
 */
@ApplicationScoped
public class KafkaClients {

    /** The connection settings passed to every client: these keys, and any key under these prefixes. */
    static final List<String> CONNECTION_KEYS = List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "security.providers",
            CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, "tls-configuration-name");
    static final List<String> CONNECTION_PREFIXES = List.of("ssl.", "sasl.");

    private final Map<String, Object> connection;

    /** From Quarkus' map of every {@code kafka.*} property (the prefix stripped, as its own Kafka clients get it). */
    @Inject
    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.connection = connectionOf(kafkaConfig);
    }

    /** Clients with the connection settings found in {@code config} (Kafka's property names): for harnesses and tests. */
    public static KafkaClients of(Map<String, ?> config) {
        return new KafkaClients(new HashMap<String, Object>(config));
    }

    private static Map<String, Object> connectionOf(Map<String, ?> config) {
        Map<String, Object> connection = new TreeMap<>();
        config.forEach((key, value) -> {
            if (CONNECTION_KEYS.contains(key) || CONNECTION_PREFIXES.stream().anyMatch(key::startsWith)) {
                connection.put(key, value);
            }
        });
        if (!connection.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalStateException("kafka.bootstrap.servers is not set");
        }
        return Map.copyOf(connection);
    }

    /** The configuration a client with {@code settings} gets: the connection settings, then its own. */
    public Map<String, Object> config(Map<String, ?> settings) {
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(settings);
        return config;
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> settings, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(config(settings), keys, values);
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> settings, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(config(settings), keys, values);
    }

    public Admin admin() {
        return Admin.create(config(Map.of()));
    }

    /** The brokers, for messages that name where the service connects. */
    public String bootstrapServers() {
        return String.valueOf(connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
}
