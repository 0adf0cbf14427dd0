package io.seamline.projection.warehouse;

import io.seamline.seam.Generations;
import io.seamline.seam.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the whole warehouse from the log into a fresh generation beside the live one, then swaps it in: the
 * live pipeline keeps landing while the rebuild reads the topic from offset 0 (or the event store: when retention
 * has deleted the topic's start, or for a repair), pauses only for the tail that arrived meanwhile and the two
 * renames, and resumes on the rebuilt tables from their manifests.
 */
@ApplicationScoped
public class WarehouseReplay {

    private static final Logger LOG = Logger.getLogger(WarehouseReplay.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final WarehousePipeline pipeline;
    private final EventLog log;
    private final Clock clock = Clock.systemUTC();

    WarehouseReplay(WarehousePipeline pipeline, EventLog log) {
        this.pipeline = pipeline;
        this.log = log;
    }

    /** What a rebuild did: the records it read, how fast, and the generation now live. */
    public record Result(String generation, Source source, long records, long quarantined, long bronzeVersion,
                         double seconds, double recordsPerSecond) {
    }

    /** Where a rebuild read the log: the topic from offset 0, or the event store (Kafka lacks its start; a repair). */
    public enum Source { KAFKA, EVENT_STORE }

    public Result rebuild() throws IOException {
        return rebuild(false);
    }

    /**
     * Rebuilds from the event store even when the topic is whole: the repair of drift, since a record the topic
     * holds but the event store does not (the drift to remove) would come back from a rebuild off the topic.
     */
    public Result rebuildFromEventStore() throws IOException {
        return rebuild(true);
    }

    private synchronized Result rebuild(boolean fromEventStore) throws IOException {
        Path live = pipeline.root();
        Path generation = live.resolveSibling(live.getFileName() + ".rebuild-" + STAMP.format(clock.instant()));
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = pipeline.reader();
             BufferAllocator allocator = new RootAllocator()) {
            String topic = pipeline.topic();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            // refusals go to the seam's quarantine too: the tail is read by this writer only, and the quarantine
            // keeps one row per record however often it is told; a rebuild has no later try, so an event that does
            // not fold is given up at once
            WarehouseWriter writer = WarehouseWriter.open(WarehouseTables.open(generation, clock), allocator, clock,
                    stage -> { }, pipeline.topic(), pipeline::refused, FoldPolicy.GIVE_UP);
            Source source = !fromEventStore && wholeLogIn(consumer.beginningOffsets(partitions)) ? Source.KAFKA
                    : Source.EVENT_STORE;
            WarehouseWriter.Written copied;
            if (source == Source.KAFKA) {
                consumer.seekToBeginning(partitions);
                copied = writer.copy(consumer, consumer.endOffsets(partitions), pipeline.maxBatch());
            } else {
                // the offsets first, then the log: every event a record before those offsets carries is in it
                Map<TopicPartition, Long> covered = consumer.endOffsets(partitions);
                copied = writer.backfill(log, partitions.size(), covered);
                covered.forEach(consumer::seek);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = copied.records() / Math.max(seconds, 1e-9);
            pipeline.pause();
            try {
                copied = copied.plus(writer.copy(consumer, consumer.endOffsets(partitions), pipeline.maxBatch())); // the tail
                Generations.swapIn(live, generation);
            } finally {
                pipeline.resume();
            }
            Result result = new Result(live.getFileName().toString(), source, copied.records(),
                    copied.quarantined(), copied.bronzeVersion(), seconds, rate);
            LOG.infof("warehouse rebuilt from %s: %d records in %.1f s (%.0f/s)", source, result.records(), seconds,
                    result.recordsPerSecond());
            return result;
        } catch (IOException | RuntimeException e) {
            Generations.deleteRecursively(generation);
            throw e;
        }
    }

    /** Whether the topic still starts at offset 0 everywhere (retention has deleted nothing). */
    private static boolean wholeLogIn(Map<TopicPartition, Long> beginnings) {
        return beginnings.values().stream().allMatch(offset -> offset == 0);
    }
}
