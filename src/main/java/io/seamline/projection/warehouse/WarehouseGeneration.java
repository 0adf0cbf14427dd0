package io.seamline.projection.warehouse;

import io.seamline.seam.log.EventLog;
import io.seamline.seam.model.EventStoreFill;
import io.seamline.seam.model.Generation;
import io.seamline.seam.model.Generations;
import io.seamline.seam.model.RetainedFill;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bronze, silver and gold rebuilt in a directory beside the live warehouse, from the topic's records (landed as the
 * live pipeline lands them) or from the event store; or silver and gold alone refolded from the live bronze, whose
 * files (validated when they landed, never changed once written) are hard-linked in, not read from Kafka or checked
 * again, bronze's tail linked at the swap and folded by the live writer as it resumes. At the swap (the live consumer
 * paused) the live link points at it and the live writer opens it, resuming from its manifests, while queries still
 * reading the replaced generation read on from its directory, which stays where it is until the next swap.
 */
final class WarehouseGeneration implements Generation, EventStoreFill, RetainedFill {

    private final WarehousePipeline pipeline;
    private final EventLog log;
    private final Path directory;
    private final BufferAllocator allocator;
    private final Clock clock;
    private WarehouseTables tables;
    private WarehouseWriter writer;
    private WarehouseWriter.Written written = new WarehouseWriter.Written(0, 0, 0, 0, List.of());
    private boolean swapped;
    /** Whether it holds the live bronze, whose tail is linked in at the swap. */
    private boolean refolded;

    private WarehouseGeneration(WarehousePipeline pipeline, EventLog log, Path directory, BufferAllocator allocator,
                                Clock clock) {
        this.pipeline = pipeline;
        this.log = log;
        this.directory = directory;
        this.allocator = allocator;
        this.clock = clock;
    }

    static WarehouseGeneration create(WarehousePipeline pipeline, EventLog log) {
        return new WarehouseGeneration(pipeline, log, Generations.fresh(pipeline.root()), new RootAllocator(),
                Clock.systemUTC());
    }

    /**
     * The writer of the generation's tables, opened at first use on them as they are on disk (silver and gold caught
     * up with its bronze). Refusals go to the seam's quarantine too: it keeps one row per record however often it is
     * told; a rebuild has no later try, so an event that does not fold is given up at once.
     */
    private WarehouseWriter writer() throws IOException {
        if (writer == null) {
            tables = WarehouseTables.openForRebuild(directory, clock); // forced to disk as a whole at the swap
            writer = WarehouseWriter.open(tables, allocator, clock, stage -> { }, pipeline.topic(), pipeline::refused,
                    FoldPolicy.GIVE_UP);
        }
        return writer;
    }

    /** Lands the records in bronze, one commit per write, and folds them into silver and gold in memory. */
    @Override
    public void write(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws IOException {
        written = written.plus(writer().write(records, lagging));
    }

    /** Records per bronze commit, as the live pipeline lands them. */
    @Override
    public int batchSize() {
        return pipeline.maxBatch();
    }


    @Override
    public long fillFromEventStore(Map<Integer, Long> covered) throws IOException {
        WarehouseWriter.Written filled = writer().backfill(log, covered);
        written = written.plus(filled);
        return filled.events();
    }

    /**
     * Links the live bronze in and folds all of it into silver and gold, in one batch sorted by global index, with no
     * record read from Kafka and none checked against its schema again.
     */
    @Override
    public long fillFromRetained() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("a generation already written to cannot take the live bronze");
        }
        pipeline.linkBronzeInto(directory);
        refolded = true;
        writer(); // silver and gold are folded from all of bronze as it opens
        long events = tables.bronzeEvents().current().rows();
        written = new WarehouseWriter.Written(0, events, tables.quarantine().current().rows(),
                tables.bronzeEvents().current().version(), List.of());
        return events;
    }

    /**
     * With the live consumer paused: a refolded generation takes the bronze the live one landed meanwhile (the live
     * writer folds it as it opens the generation, from silver's bronze version on), then the link moves.
     */
    @Override
    public void swapIn() throws IOException {
        writer().flush();
        if (refolded) {
            pipeline.linkBronzeInto(directory);
        }
        // its tables forced nothing as they committed: the swap forces all of it at once, before it goes live
        Generations.swapInByLink(pipeline.root(), directory);
        swapped = true;
        pipeline.reopen();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("generation", directory.getFileName().toString(), "records", written.records(),
                "events", written.events(), "quarantined", written.quarantined(), "bronzeVersion",
                written.bronzeVersion());
    }

    @Override
    public void close() throws IOException {
        allocator.close();
        if (!swapped) {
            Generations.deleteRecursively(directory);
        }
    }
}
