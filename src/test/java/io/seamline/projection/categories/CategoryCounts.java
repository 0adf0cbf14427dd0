package io.seamline.projection.categories;

import io.quarkus.arc.properties.IfBuildProperty;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.consume.SequenceGuard;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.EventModel;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.reconcile.AggregateRepair;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A fifth read model that exists only in the tests: live products per category, kept in memory with its position.
 * It is this class and its contract file and nothing else, which is the point: the platform feeds, traces, reconciles
 * and replays it without a line of main code knowing it. Switched on by the test profile that proves it.
 */
@ApplicationScoped
@IfBuildProperty(name = "seamline.test.categories", stringValue = "on")
public class CategoryCounts implements EventModel {

    public static final String NAME = "categories";

    /** A product as this model holds it. */
    record Product(String category, long sequence, boolean discontinued) {
    }

    /** Everything the model holds, swapped whole: its products and the position they reflect. */
    record State(Map<String, Product> products, StoredPosition position) {
        static State empty() {
            return new State(Map.of(), StoredPosition.START);
        }

        /** The state after {@code batch}: each product event applied past its sequence, the position moved. */
        State after(List<ConsumedEvent> batch) {
            Map<String, Product> next = new HashMap<>(products);
            for (ConsumedEvent consumed : batch) {
                String id = consumed.envelope().aggregateId();
                Product known = next.get(id);
                long stored = known == null ? SequenceGuard.NONE : known.sequence();
                if (SequenceGuard.decide(stored, consumed.envelope().sequence()) == SequenceGuard.Decision.SKIP) {
                    continue;
                }
                long sequence = consumed.envelope().sequence();
                switch (consumed.event()) {
                    case ProductCreatedEvent e -> next.put(id, new Product(e.category(), sequence, false));
                    case ProductUpdatedEvent e when known != null -> next.put(id, new Product(
                            e.category() != null ? e.category() : known.category(), sequence, known.discontinued()));
                    case ProductDiscontinuedEvent e when known != null ->
                            next.put(id, new Product(known.category(), sequence, true));
                    default -> { } // orders, and a product's events before its creation arrived
                }
            }
            return new State(Map.copyOf(next), position.after(batch));
        }
    }

    private final AtomicReference<State> live = new AtomicReference<>(State.empty());
    /** While set, a replay waits at its swap until the latch opens: how a test holds one replay running. */
    private final AtomicReference<CountDownLatch> holdSwaps = new AtomicReference<>();

    /** Holds every replay of this model at its swap until the returned latch is counted down. */
    public CountDownLatch holdReplays() {
        CountDownLatch latch = new CountDownLatch(1);
        holdSwaps.set(latch);
        return latch;
    }

    /** Live products per category. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        live.get().products().values().stream().filter(p -> !p.discontinued() && p.category() != null)
                .forEach(p -> counts.merge(p.category(), 1L, Long::sum));
        return counts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contractFile() {
        return "projections/categories/contract.yaml";
    }

    @Override
    public synchronized void apply(List<ConsumedEvent> batch) {
        live.set(live.get().after(batch));
    }

    @Override
    public PositionStore positionStore() {
        return PositionStore.WITH_ITS_DATA;
    }

    @Override
    public Map<Integer, Long> storedOffsets() {
        return live.get().position().nextOffsets();
    }

    @Override
    public Set<String> aggregateTypes() {
        return Set.of("Product");
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    @Override
    public List<ModelKey> keys() {
        return live.get().products().entrySet().stream()
                .map(e -> new ModelKey(e.getKey(), e.getValue().sequence(), !e.getValue().discontinued())).toList();
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        AggregateRepair.repair(drifts, history, this::remove, this::apply);
    }

    /** Forgets a product, as a repair does with one the event store does not have (and as a test breaks the model). */
    public synchronized void remove(String productId) {
        State now = live.get();
        Map<String, Product> products = new HashMap<>(now.products());
        products.remove(productId);
        live.set(new State(Map.copyOf(products), now.position()));
    }

    @Override
    public EventGeneration newGeneration() {
        return new EventGeneration() {
            private State rebuilt = State.empty();

            @Override
            public void apply(List<ConsumedEvent> batch) {
                rebuilt = rebuilt.after(batch);
            }

            @Override
            public void swapIn() throws InterruptedException {
                CountDownLatch hold = holdSwaps.get();
                if (hold != null) {
                    hold.await();
                }
                live.set(rebuilt);
            }

            @Override
            public Map<String, Object> details() {
                return Map.of("products", rebuilt.products().size());
            }

            @Override
            public void close() {
            }
        };
    }
}
