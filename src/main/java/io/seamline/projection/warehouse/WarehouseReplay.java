package io.seamline.projection.warehouse;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Rebuilds the whole warehouse from the log into a fresh generation beside the live one, then swaps it in: the
 * live pipeline keeps landing while the rebuild reads the topic from offset 0, pauses only for the tail that
 * arrived meanwhile and the two renames, and resumes on the rebuilt tables from their manifests.
 */
@ApplicationScoped
public class WarehouseReplay {

    private static final Logger LOG = Logger.getLogger(WarehouseReplay.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;
    @ConfigProperty(name = "seamline.warehouse.max-batch", defaultValue = "20000")
    int maxBatch;

    private final WarehousePipeline pipeline;
    private final Clock clock = Clock.systemUTC();

    WarehouseReplay(WarehousePipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** What a rebuild did: the records it read, how fast, and the generation now live. */
    public record Result(String generation, long records, long quarantined, long bronzeVersion, double seconds,
                         double recordsPerSecond) {
    }

    /** Kafka no longer holds the whole log (retention), so a rebuild from it would lose events. */
    public static final class LogNotRetained extends RuntimeException {
        LogNotRetained(String message) {
            super(message);
        }
    }

    public synchronized Result rebuild() throws IOException {
        Path live = pipeline.root();
        Path generation = live.resolveSibling(live.getFileName() + ".rebuild-" + STAMP.format(clock.instant()));
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig());
             BufferAllocator allocator = new RootAllocator()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            requireWholeLog(consumer.beginningOffsets(partitions));
            consumer.seekToBeginning(partitions);
            WarehouseWriter writer = WarehouseWriter.open(WarehouseTables.open(generation, clock), allocator, clock,
                    stage -> { });
            WarehouseWriter.Written copied = writer.copy(consumer, consumer.endOffsets(partitions));
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = copied.records() / Math.max(seconds, 1e-9);
            pipeline.pause();
            try {
                copied = copied.plus(writer.copy(consumer, consumer.endOffsets(partitions))); // the tail meanwhile
                swap(live, generation);
            } finally {
                pipeline.resume();
            }
            Result result = new Result(live.getFileName().toString(), copied.records(), copied.quarantined(),
                    copied.bronzeVersion(), seconds, rate);
            LOG.infof("warehouse rebuilt from the log: %d records in %.1f s (%.0f/s)", result.records(), seconds,
                    result.recordsPerSecond());
            return result;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(generation);
            throw e;
        }
    }

    private void requireWholeLog(Map<TopicPartition, Long> beginnings) {
        beginnings.forEach((partition, offset) -> {
            if (offset > 0) {
                throw new LogNotRetained("Kafka no longer holds " + partition + " before offset " + offset
                        + ": a rebuild from the topic would miss events");
            }
        });
    }

    /** The rebuilt generation becomes the live directory; the previous one is kept until the next rebuild. */
    private static void swap(Path live, Path generation) throws IOException {
        Path previous = live.resolveSibling(live.getFileName() + ".previous");
        deleteRecursively(previous);
        if (Files.exists(live)) {
            Files.move(live, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(generation, live, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }
}
