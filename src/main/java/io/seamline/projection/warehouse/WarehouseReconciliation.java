package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableScan;
import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.reconcile.Drift;
import io.seamline.seam.reconcile.ModelKey;
import io.seamline.seam.reconcile.ReconciledModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The warehouse as reconciliation sees it: the current version of silver products and orders, each row with its
 * sequence. Silver and gold are folds of all of bronze, so a repair rebuilds a fresh generation (the warehouse's
 * own rebuild) rather than patching rows, and from the event store, the truth it was compared with.
 */
@ApplicationScoped
public class WarehouseReconciliation implements ReconciledModel {

    private final WarehousePipeline pipeline;
    private final WarehouseReplay replay;
    private final BufferAllocator allocator = new RootAllocator();

    WarehouseReconciliation(WarehousePipeline pipeline, WarehouseReplay replay) {
        this.pipeline = pipeline;
        this.replay = replay;
    }

    @Override
    public String name() {
        return WarehousePipeline.CONSUMER;
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
            scan(tables.get("silver.products"), WarehouseRows.PRODUCTS,
                    p -> keys.add(new ModelKey(p.productId(), p.sequence(), !p.discontinued())));
            scan(tables.get("silver.orders"), WarehouseRows.ORDERS,
                    o -> keys.add(new ModelKey(o.orderId(), o.sequence(), true)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read silver", e);
        }
        return keys;
    }

    private <T> void scan(ArrowTable table, WarehouseRows.Table<T> rows, java.util.function.Consumer<T> each)
            throws IOException {
        TableScan.scan(table, table.current(), null, p -> true, allocator, batch -> {
            rows.read(batch).forEach(each);
            return true;
        });
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws IOException {
        replay.rebuildFromEventStore();
    }

    @PreDestroy
    void close() {
        allocator.close();
    }
}
