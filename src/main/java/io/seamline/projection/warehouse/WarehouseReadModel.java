package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.RowMapping;
import io.seamline.projection.warehouse.table.TableScan;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.Generation;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.RecordModel;
import io.seamline.seam.model.Replays;
import io.seamline.seam.model.TraceHop;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The warehouse as a read model: bronze, silver and gold, landed by {@link WarehousePipeline} from the records the
 * shared loop hands it as they are, resuming at the offsets in bronze's manifest; reconciled on the current version of
 * silver products and orders; rebuilt into a fresh generation. Silver and gold are folds of all of bronze, so a repair
 * rebuilds a generation (from the event store, the truth it was compared with) rather than patching rows.
 */
@ApplicationScoped
@Priority(30)
class WarehouseReadModel implements RecordModel {

    private final WarehousePipeline pipeline;
    private final EventLog log;
    private final Replays replays;
    private final BufferAllocator allocator = new RootAllocator();

    WarehouseReadModel(WarehousePipeline pipeline, EventLog log, Replays replays) {
        this.pipeline = pipeline;
        this.log = log;
        this.replays = replays;
    }

    @Override
    public String name() {
        return WarehousePipeline.CONSUMER;
    }

    @Override
    public String contractFile() {
        return "projections/warehouse/contract.yaml";
    }

    /** Bronze takes an event first; silver, then gold, once refined. */
    @Override
    public List<TraceHop> hops() {
        return List.of(new TraceHop(WarehousePipeline.BRONZE_HOP, TraceHop.KAFKA),
                new TraceHop(WarehousePipeline.SILVER_HOP, WarehousePipeline.BRONZE_HOP),
                new TraceHop(WarehousePipeline.GOLD_HOP, WarehousePipeline.SILVER_HOP));
    }

    @Override
    public Landed land(List<ConsumerRecord<String, byte[]>> records, Set<Integer> lagging) throws IOException {
        return pipeline.land(records, lagging);
    }

    @Override
    public void idle(Set<Integer> lagging) throws IOException {
        pipeline.idle(lagging);
    }

    @Override
    public void recover() throws IOException {
        pipeline.recover();
    }

    @Override
    public int maxBatch() {
        return pipeline.maxBatch();
    }

    @Override
    public Duration linger() {
        return pipeline.linger();
    }

    /** Bronze: each record was checked against its event schema as it landed, so silver and gold refold from it. */
    @Override
    public Optional<String> retainedRaw() {
        return Optional.of("bronze");
    }

    @Override
    public PositionStore positionStore() {
        return PositionStore.WITH_ITS_DATA;
    }

    @Override
    public Map<Integer, Long> storedOffsets() {
        return pipeline.resumeOffsets();
    }

    @Override
    public Set<String> aggregateTypes() {
        return Set.of("Product", "Order");
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    @Override
    public List<ModelKey> keys() {
        List<ModelKey> keys = new ArrayList<>();
        WarehouseTables tables = pipeline.tables();
        try {
            scan(tables.get("silver.products"), SilverRows.PRODUCTS,
                    p -> keys.add(new ModelKey(p.productId(), p.sequence(), !p.discontinued())));
            scan(tables.get("silver.orders"), SilverRows.ORDERS,
                    o -> keys.add(new ModelKey(o.orderId(), o.sequence(), true)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read silver", e);
        }
        return keys;
    }

    private <T> void scan(ArrowTable table, RowMapping<T> rows, java.util.function.Consumer<T> each)
            throws IOException {
        TableScan.scan(table, table.current(), null, p -> true, allocator, batch -> {
            rows.read(batch).forEach(each);
            return true;
        });
    }

    /**
     * Rebuilds from the event store even when the topic is whole: a record the topic holds but the event store does
     * not (the drift to remove) would come back from a rebuild off the topic.
     */
    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        replays.runNow(name(), true);
    }

    @Override
    public Generation newGeneration() {
        return WarehouseGeneration.create(pipeline, log);
    }

    @PreDestroy
    void close() {
        allocator.close();
    }
}
