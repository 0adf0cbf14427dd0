package io.seamline.projection.warehouse;

import io.seamline.seam.log.EventLog;
import io.seamline.seam.model.EventStoreFill;
import io.seamline.seam.model.Generation;
import io.seamline.seam.model.Generations;
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
 * live pipeline lands them) or from the event store; at the swap (the live consumer paused) the live link points at it
 * and the live writer opens it, resuming from its manifests, while queries still reading the replaced generation read
 * on from its directory, which stays where it is until the next swap.
 */
final class WarehouseGeneration implements Generation, EventStoreFill {

    private final WarehousePipeline pipeline;
    private final EventLog log;
    private final Path directory;
    private final BufferAllocator allocator;
    private final WarehouseWriter writer;
    private WarehouseWriter.Written written = new WarehouseWriter.Written(0, 0, 0, 0, List.of());
    private boolean swapped;

    private WarehouseGeneration(WarehousePipeline pipeline, EventLog log, Path directory, BufferAllocator allocator,
                                WarehouseWriter writer) {
        this.pipeline = pipeline;
        this.log = log;
        this.directory = directory;
        this.allocator = allocator;
        this.writer = writer;
    }

    static WarehouseGeneration create(WarehousePipeline pipeline, EventLog log) throws IOException {
        Path directory = Generations.fresh(pipeline.root());
        Clock clock = Clock.systemUTC();
        BufferAllocator allocator = new RootAllocator();
        try {
            // refusals go to the seam's quarantine too: it keeps one row per record however often it is told; a
            // rebuild has no later try, so an event that does not fold is given up at once
            WarehouseWriter writer = WarehouseWriter.open(WarehouseTables.open(directory, clock), allocator, clock,
                    stage -> { }, pipeline.topic(), pipeline::refused, FoldPolicy.GIVE_UP);
            return new WarehouseGeneration(pipeline, log, directory, allocator, writer);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            Generations.deleteRecursively(directory);
            throw e;
        }
    }

    /** Lands the records in bronze, one commit per write, and folds them into silver and gold in memory. */
    @Override
    public void write(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws IOException {
        written = written.plus(writer.write(records, lagging));
    }

    /** Records per bronze commit, as the live pipeline lands them. */
    @Override
    public int batchSize() {
        return pipeline.maxBatch();
    }


    @Override
    public long fillFromEventStore(Map<Integer, Long> covered) throws IOException {
        WarehouseWriter.Written filled = writer.backfill(log, covered);
        written = written.plus(filled);
        return filled.events();
    }

    @Override
    public void swapIn() throws IOException {
        writer.flush();
        Generations.swapInByLink(pipeline.root(), directory);
        swapped = true;
        pipeline.reopen();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("generation", directory.getFileName().toString(), "records", written.records(),
                "quarantined", written.quarantined(), "bronzeVersion", written.bronzeVersion());
    }

    @Override
    public void close() throws IOException {
        allocator.close();
        if (!swapped) {
            Generations.deleteRecursively(directory);
        }
    }
}
