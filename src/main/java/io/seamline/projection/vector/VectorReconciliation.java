package io.seamline.projection.vector;

import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.reconcile.AggregateRepair;
import io.seamline.seam.reconcile.Drift;
import io.seamline.seam.reconcile.ModelKey;
import io.seamline.seam.reconcile.ReconciledModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The vector index as reconciliation sees it: its searchable products, repaired in the live index. */
@ApplicationScoped
public class VectorReconciliation implements ReconciledModel {

    private final VectorReadModel vectors;

    VectorReconciliation(VectorReadModel vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return VectorReadModel.CONSUMER;
    }

    @Override
    public Set<String> aggregateTypes() {
        return Set.of("Product");
    }

    @Override
    public boolean liveOnly() {
        return true;
    }

    @Override
    public List<ModelKey> keys() {
        return vectors.listing().stream().map(p -> new ModelKey(p.productId(), p.sequence(), !p.discontinued())).toList();
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        VectorIndex index = vectors.index();
        AggregateRepair.repair(drifts, history, index::remove, index::apply);
        index.checkpoint();
    }
}
