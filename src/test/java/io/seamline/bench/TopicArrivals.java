package io.seamline.bench;

import io.seamline.seam.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each event of the service's topic could first be read by a plain consumer in this JVM (from the end of
 * the topic at start): with the commit times of the commands, it splits commit → visible into the relay's
 * share (commit → on the topic) and the projection's (on the topic → visible).
 */
final class TopicArrivals implements AutoCloseable {

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> commits = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    TopicArrivals(BenchKafka kafka, String topic) {
        consumer = kafka.consumer(null);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any command is sent
        reader = Thread.ofPlatform().name("bench-topic-arrivals").start(this::read);
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                arrivals.putIfAbsent(BenchKafka.header(r.headers(), EventEnvelope.HEADER_AGGREGATE_ID) + "@"
                        + BenchKafka.header(r.headers(), EventEnvelope.HEADER_SEQUENCE), now);
            }
        }
    }

    /** A command committed at {@code nanos} (its 2xx arrived) and produced version {@code version} of {@code id}. */
    void committed(String id, long version, long nanos) {
        commits.put(id + "@" + version, nanos);
    }

    /** Commit → first read from the topic, over the commands whose event was read. */
    Latencies commitToTopic() {
        Latencies hop = new Latencies();
        commits.forEach((key, committedAt) -> {
            Long seen = arrivals.get(key);
            if (seen != null) {
                hop.add(seen - committedAt);
            }
        });
        return hop;
    }

    String describe() {
        Latencies hop = commitToTopic();
        return String.format(Locale.ROOT, "commit → readable on the topic (a plain consumer in the harness, polling "
                + "every ≤ 50 ms): p50 %.1f ms, p99 %.1f ms over %,d of %,d commands; the rest of commit → visible "
                + "is the row store's", hop.p50(), hop.p99(), hop.count(), commits.size());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
