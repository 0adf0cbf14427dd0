package io.seamline.bench;

import io.seamline.platform.KafkaClients;
import io.seamline.relay.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Raw kafka-clients producers and consumers on the harness's broker, the producer with the relay's settings. */
record BenchKafka(String bootstrap) {

    /** A fresh 6-partition topic. */
    void createTopic(String topic) {
        TopicProvisioner.ensure(KafkaClients.of(Map.of("bootstrap.servers", bootstrap)), topic, 6,
                TopicProvisioner.Replication.SINGLE_BROKER);
    }

    KafkaProducer<String, byte[]> producer(String clientId) {
        return clients().producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, clientId), new StringSerializer(), new ByteArraySerializer());
    }

    /** From the earliest offset, committing by hand; {@code group} null for a consumer that assigns itself. */
    KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return clients().consumer(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Clients built as the service builds its own. */
    private KafkaClients clients() {
        return KafkaClients.of(Map.of("bootstrap.servers", bootstrap));
    }

    /** The last value of a numeric header as text, "0" when it is missing. */
    static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? "0" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
