package io.seamline.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a whole topic from the start to its current end, without a consumer group. */
public final class TopicReader {
    private TopicReader() {
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The next offset of each partition of the topic: where the records written from now on will go. */
    public static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<Integer, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((p, end) -> ends.put(p.partition(), end));
            return ends;
        }
    }

    /** The records of the topic from {@code from} (the next offset per partition, as {@link #endOffsets} gives). */
    public static List<ConsumerRecord<String, byte[]>> readFrom(String bootstrapServers, String topic,
                                                                Map<Integer, Long> from) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p.partition(), 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The one record at {@code offset} of {@code partition}. */
    public static ConsumerRecord<String, byte[]> readAt(String bootstrapServers, String topic, int partition,
                                                        long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            TopicPartition at = new TopicPartition(topic, partition);
            consumer.assign(List.of(at));
            consumer.seek(at, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
