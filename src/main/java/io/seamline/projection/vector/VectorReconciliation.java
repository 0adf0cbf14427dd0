package io.seamline.projection.vector;

import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.reconcile.Drift;
import io.seamline.seam.reconcile.ModelKey;
import io.seamline.seam.reconcile.ReconciledModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
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
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws IOException {
        VectorIndex index = vectors.index();
        for (Drift drift : drifts) {
            if (drift.kind() == Drift.Kind.EXTRA || aheadOfTheLog(drift)) {
                index.remove(drift.aggregateId()); // then folded again from scratch, unless the log has none
            }
            if (drift.kind() != Drift.Kind.EXTRA) {
                index.apply(history.apply(drift.aggregateId())); // the sequence guard skips what it has
            }
        }
        index.checkpoint();
    }

    private static boolean aheadOfTheLog(Drift drift) {
        return drift.actualSequence() != null && drift.expectedSequence() != null
                && drift.actualSequence() > drift.expectedSequence();
    }
}
