package io.seamline.projection.search;

import io.seamline.seam.Generations;
import io.seamline.seam.ProjectionRunner;
import io.seamline.seam.ConsumedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * Rebuilds the keyword index from offset 0 of the topic into a fresh directory beside the live one, then swaps
 * it in: the live index keeps consuming and answering while the rebuild reads, consuming pauses only for the
 * tail that arrived meanwhile and the swap, and resumes on the rebuilt index from its commit's offsets.
 */
@ApplicationScoped
public class KeywordReplay {

    private static final Logger LOG = Logger.getLogger(KeywordReplay.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final KeywordConsumer live;
    private final Clock clock = Clock.systemUTC();

    KeywordReplay(KeywordConsumer live) {
        this.live = live;
    }

    /**
     * What a rebuild did: the directory now live, the products now searchable, the events it applied, the records
     * it could not read (dead letters), and how long it took.
     */
    public record Result(String generation, long documents, long events, long skipped, long tookMillis) {
    }

    /** Rebuilds from offset 0 and swaps the result in; one rebuild at a time. For the admin API. */
    public synchronized Result rebuild() throws IOException {
        Path root = live.root();
        Path generation = root.resolveSibling(root.getFileName() + ".rebuild-" + STAMP.format(clock.instant()));
        long started = System.nanoTime();
        KeywordIndex fresh = KeywordIndex.open(generation, live.titleBoost(), live.commitInterval());
        boolean swapped = false;
        try (KafkaConsumer<String, byte[]> reader = live.reader(5000)) {
            List<TopicPartition> partitions = reader.partitionsFor(live.topic()).stream()
                    .map(p -> new TopicPartition(live.topic(), p.partition())).toList();
            reader.assign(partitions); // outside any group: the live consumer's group is not disturbed
            if (reader.beginningOffsets(partitions).values().stream().anyMatch(offset -> offset > 0)) {
                throw new IllegalStateException("retention has deleted the start of " + live.topic()
                        + "; the keyword index cannot be rebuilt from Kafka alone");
            }
            reader.seekToBeginning(partitions);
            Copied copied = copy(reader, fresh, reader.endOffsets(partitions));
            live.pause();
            try {
                copied = copied.plus(copy(reader, fresh, reader.endOffsets(partitions))); // the tail
                long documents = fresh.count();
                fresh.close();
                live.swapIn(generation);
                swapped = true;
                long took = (System.nanoTime() - started) / 1_000_000;
                LOG.infof("keyword index rebuilt: %d products from %d events in %d ms", documents, copied.events(),
                        took);
                return new Result(root.getFileName().toString(), documents, copied.events(), copied.skipped(), took);
            } finally {
                live.resume();
            }
        } finally {
            if (!swapped) {
                fresh.close();
                Generations.deleteRecursively(generation);
            }
        }
    }

    private record Copied(long events, long skipped) {
        Copied plus(Copied other) {
            return new Copied(events + other.events, skipped + other.skipped);
        }
    }

    /** Applies every record up to {@code ends}, batch by batch, each batch committed with its position. */
    private Copied copy(KafkaConsumer<String, byte[]> reader, KeywordIndex index, Map<TopicPartition, Long> ends)
            throws IOException {
        long events = 0;
        long skipped = 0;
        while (behind(reader, ends)) {
            ConsumerRecords<String, byte[]> records = reader.poll(Duration.ofMillis(200));
            List<ConsumedEvent> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> record : records) {
                ConsumedEvent event = ProjectionRunner.readable(record).orElse(null);
                if (event == null) {
                    skipped++; // the live consumer dead-lettered it already
                } else {
                    batch.add(event);
                }
            }
            if (!batch.isEmpty()) {
                index.apply(batch);
                events += batch.size();
            }
        }
        return new Copied(events, skipped);
    }

    private static boolean behind(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return true;
            }
        }
        return false;
    }
}
