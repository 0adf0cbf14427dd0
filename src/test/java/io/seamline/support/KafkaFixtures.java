package io.seamline.support;

import io.seamline.platform.KafkaClients;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * How a test talks to the broker: it reads and writes the service's topics with clients built by the service's own
 * {@link KafkaClients}, so a test reaches Kafka exactly as the service does (the same brokers, TLS and SASL).
 */
@Singleton
public class KafkaFixtures {

    /** How long a test waits for the broker to acknowledge a record, or to hand over the record at an offset. */
    private static final Duration BROKER_WAIT = Duration.ofSeconds(30);

    private final KafkaClients clients;

    KafkaFixtures(KafkaClients clients) {
        this.clients = clients;
    }

    /** Sends one record and waits until the broker acknowledged it. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(record).get(BROKER_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** An admin client, for what a test does to a topic beyond reading and writing it; the caller closes it. */
    public Admin admin() {
        return clients.admin();
    }

    /** The whole topic, from the start of each partition (wherever retention left it) to its current end. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return readToEnd(consumer, partitions);
        }
    }

    /** The next offset of each partition of the topic: where the records written from now on will go. */
    public Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<Integer, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions(consumer, topic)).forEach((p, end) -> ends.put(p.partition(), end));
            return ends;
        }
    }

    /** The records of the topic from {@code from} (the next offset per partition, as {@link #endOffsets} gives). */
    public List<ConsumerRecord<String, byte[]>> readFrom(String topic, Map<Integer, Long> from) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p.partition(), 0L)));
            return readToEnd(consumer, partitions);
        }
    }

    /** The one record at {@code offset} of {@code partition}. */
    public ConsumerRecord<String, byte[]> readAt(String topic, int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition at = new TopicPartition(topic, partition);
            consumer.assign(List.of(at));
            consumer.seek(at, offset);
            long deadline = System.nanoTime() + BROKER_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            throw new IllegalStateException(topic + "/" + partition + " gave no record at offset " + offset);
        }
    }

    /** The value of the record's last header {@code name}, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A consumer outside any group: it reads where it is told and commits nothing. */
    private KafkaConsumer<String, byte[]> consumer() {
        return clients.consumer(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Polls the assigned partitions until each reached the end it had when the read began. */
    private static List<ConsumerRecord<String, byte[]>> readToEnd(KafkaConsumer<String, byte[]> consumer,
                                                                 List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
