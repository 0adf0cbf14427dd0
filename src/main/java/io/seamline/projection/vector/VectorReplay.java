package io.seamline.projection.vector;

import io.seamline.seam.Generations;
import io.seamline.seam.ProjectionRunner;
import io.seamline.seam.ConsumedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the vector index from the log (offset 0) into a fresh directory beside the live one, reusing the live
 * vectors of unchanged texts, then swaps it in: queries keep going to the live index, the live consumer pauses only
 * for the tail that arrived meanwhile and the renames, and the previous directory is kept as {@code .previous}.
 */
@ApplicationScoped
public class VectorReplay {

    private static final Logger LOG = Logger.getLogger(VectorReplay.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final VectorReadModel model;
    private final VectorConsumer consumer;
    private final Clock clock = Clock.systemUTC();

    VectorReplay(VectorReadModel model, VectorConsumer consumer) {
        this.model = model;
        this.consumer = consumer;
    }

    /** What a rebuild did: records read, texts embedded anew versus reused, products searchable, and how long it took. */
    public record Result(long records, long embedded, long reused, int searchable, double seconds) {
    }

    public synchronized Result rebuild() throws IOException {
        Path live = model.root();
        Path generation = live.resolveSibling(live.getFileName() + ".rebuild-" + STAMP.format(clock.instant()));
        long started = System.nanoTime();
        ReusingEmbedder embedder = new ReusingEmbedder(model.embedder(), model.index().vectorsByTextHash());
        // no checkpoints while catching up: the fresh directory is thrown away if the rebuild fails anyway
        VectorIndex fresh = VectorIndex.open(generation, model.params().withFlushInterval(Duration.ofDays(365)), embedder);
        try (KafkaConsumer<String, byte[]> reader = consumer.reader(500)) {
            String topic = consumer.topic();
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long records = copy(reader, reader.endOffsets(partitions), fresh);
            boolean wasConsuming = consumer.pause(); // the live index is checkpointed and stops moving; it still answers queries
            try {
                records += copy(reader, reader.endOffsets(partitions), fresh); // the tail
                fresh.close();
                Generations.swapIn(live, generation);
                model.swapTo(model.open(live)); // reopened from its files: the graph loads, nothing is embedded
            } finally {
                if (wasConsuming) {
                    consumer.resume();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Result result = new Result(records, embedder.embedded(), embedder.reused(), model.count(), seconds);
            LOG.infof("vector index rebuilt from the log: %d records, %d texts embedded, %d reused, %.1f s",
                    records, result.embedded(), result.reused(), seconds);
            return result;
        } catch (IOException | RuntimeException e) {
            Generations.deleteRecursively(generation);
            throw e;
        }
    }

    /** Reads until every partition's position reaches {@code ends}, applying each poll as one batch. */
    private long copy(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends, VectorIndex into)
            throws IOException {
        long records = 0;
        while (ends.entrySet().stream().anyMatch(e -> reader.position(e.getKey()) < e.getValue())) {
            List<ConsumedEvent> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                records++;
                ProjectionRunner.readable(record).ifPresent(batch::add);
            }
            if (!batch.isEmpty()) {
                into.apply(batch);
            }
        }
        return records;
    }
}
