package io.seamline.projection.search;

import io.seamline.seam.ConsumedEvent;
import io.seamline.seam.reconcile.AggregateRepair;
import io.seamline.seam.reconcile.Drift;
import io.seamline.seam.reconcile.ModelKey;
import io.seamline.seam.reconcile.ReconciledModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The keyword index as reconciliation sees it: its live products, repaired in the live index. */
@ApplicationScoped
public class KeywordReconciliation implements ReconciledModel {

    private final KeywordSearch search;
    private final KeywordConsumer consumer;

    KeywordReconciliation(KeywordSearch search, KeywordConsumer consumer) {
        this.search = search;
        this.consumer = consumer;
    }

    @Override
    public String name() {
        return KeywordConsumer.GROUP;
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
        return search.products().stream().map(p -> new ModelKey(p.productId(), p.sequence(), !p.discontinued())).toList();
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        KeywordIndex index = consumer.index();
        AggregateRepair.repair(drifts, history, index::remove, index::apply);
        index.commit();
    }
}
