package io.seamline.projection.warehouse.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.seam.consume.SequenceGuard;
import io.seamline.seam.log.Watermarks;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The current state of products, orders and order lines, folded from bronze events in memory. Each event
 * passes the {@link SequenceGuard} of its aggregate, so redeliveries and stale events change nothing.
 */
public final class Silver {

    // sorted by id, so the tables come out in a stable order without sorting on every read
    // hashed, not sorted: every event looks up its aggregate; only the whole-table reads below sort by id
    private final Map<String, SilverProduct> products = new HashMap<>();
    private final Map<String, SilverOrder> orders = new HashMap<>();
    private final Map<String, List<SilverOrderLine>> lines = new HashMap<>();
    private long lastGlobalIndex = SequenceGuard.NONE;

    /**
     * Silver as it was stored. The last global index is the highest of the rows': an event that changed no
     * row (a gap before its aggregate's creation) is not remembered, which only makes the watermark lower.
     */
    public static Silver restore(Collection<SilverProduct> products, Collection<SilverOrder> orders,
                                 Collection<SilverOrderLine> orderLines) {
        Silver silver = new Silver();
        for (SilverProduct product : products) {
            silver.products.put(product.productId(), product);
            silver.lastGlobalIndex = Math.max(silver.lastGlobalIndex, product.globalIndex());
        }
        for (SilverOrder order : orders) {
            silver.orders.put(order.orderId(), order);
            silver.lastGlobalIndex = Math.max(silver.lastGlobalIndex, order.globalIndex());
        }
        for (SilverOrderLine line : orderLines) {
            silver.lines.computeIfAbsent(line.orderId(), id -> new ArrayList<>()).add(line);
        }
        silver.lines.values().forEach(l -> l.sort(Comparator.comparingInt(SilverOrderLine::lineNo)));
        return silver;
    }

    /**
     * Applies a batch in global-index order, once per event id, and says what changed. Bronze rows that do not
     * decode are refused with an exception: the landing quarantines bad records, so one here is a bug.
     */
    public SilverChanges apply(List<BronzeEvent> batch) {
        return apply(batch, null);
    }

    /**
     * As {@link #apply(List)}, with each event's payload already decoded ({@code decoded.get(i)} for
     * {@code batch.get(i)}), as the landing has it: the payload is then not parsed a second time. Throws the first
     * event's failure, if one fails to fold.
     */
    public SilverChanges apply(List<BronzeEvent> batch, List<?> decoded) {
        SilverChanges changes = applyEach(batch, decoded, event -> { });
        if (!changes.failed().isEmpty()) {
            throw changes.failed().getFirst().cause();
        }
        return changes;
    }

    /**
     * As {@link #apply(List, List)}, but an event that fails to fold (or that {@code check} throws for, before it is
     * folded) leaves silver as it was and is reported in {@link SilverChanges#failed()}, while the others fold: one
     * event silver cannot take must not hold up the rest.
     */
    public SilverChanges applyEach(List<BronzeEvent> batch, List<?> decoded, Consumer<BronzeEvent> check) {
        Integer[] ordered = new Integer[batch.size()];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = i;
        }
        // the batch comes from several Kafka partitions; an aggregate's events must meet the guard in log order
        Arrays.sort(ordered, Comparator.comparingLong(i -> batch.get(i).globalIndex()));
        Set<String> seen = new HashSet<>();
        Batch changes = new Batch();
        for (int index : ordered) {
            BronzeEvent event = batch.get(index);
            if (!seen.add(event.eventId())) {
                changes.skipped++;
                continue;
            }
            try {
                check.accept(event);
                // an event decoded ahead (null: not, or it failed) is folded as is; else decoding here says why it fails
                Object payload = decoded == null ? null : decoded.get(index);
                fold(event, payload == null ? event.decode() : payload, changes);
            } catch (RuntimeException e) {
                changes.failed.add(new SilverChanges.Failed(event, e));
            }
        }
        return new SilverChanges(changes.productIds, changes.orderIds, changes.applied, changes.skipped,
                changes.gaps, changes.goldDeltas, changes.failed);
    }

    /**
     * Folds one event through the sequence guard of its aggregate. Every change to silver comes last, once the new row
     * is computed, so an event that throws has changed nothing.
     */
    private void fold(BronzeEvent event, Object payload, Batch changes) {
        switch (payload) {
            case ProductEvent product -> {
                SilverProduct row = products.get(event.aggregateId());
                long stored = row == null ? SequenceGuard.NONE : row.sequence();
                SequenceGuard.Decision decision = SequenceGuard.decide(stored, event.sequence());
                if (decision != SequenceGuard.Decision.SKIP) {
                    applyProduct(row, product, event, changes);
                }
                account(decision, stored, event, changes);
            }
            case OrderEvent order -> {
                SilverOrder row = orders.get(event.aggregateId());
                long stored = row == null ? SequenceGuard.NONE : row.sequence();
                SequenceGuard.Decision decision = SequenceGuard.decide(stored, event.sequence());
                if (decision != SequenceGuard.Decision.SKIP) {
                    applyOrder(row, order, event, changes);
                }
                account(decision, stored, event, changes);
            }
            default -> throw new IllegalArgumentException("silver has no table for event type " + event.type());
        }
    }

    /** The highest global index applied so far, or {@link SequenceGuard#NONE}. */
    public long lastGlobalIndex() {
        return lastGlobalIndex;
    }

    public SilverProduct product(String productId) {
        return products.get(productId);
    }

    public SilverOrder order(String orderId) {
        return orders.get(orderId);
    }

    /** The lines of an order by line number, empty if silver does not have the order. */
    public List<SilverOrderLine> lines(String orderId) {
        return List.copyOf(lines.getOrDefault(orderId, List.of()));
    }

    /** All products by id. */
    public List<SilverProduct> products() {
        return List.copyOf(new TreeMap<>(products).values());
    }

    /** All products in no order, for a caller that sorts on its own (a copy sorted by id costs a refold time). */
    public Collection<SilverProduct> productsInAnyOrder() {
        return Collections.unmodifiableCollection(products.values());
    }

    /** All orders in no order, for a caller that sorts on its own. */
    public Collection<SilverOrder> ordersInAnyOrder() {
        return Collections.unmodifiableCollection(orders.values());
    }

    /** All orders by id. */
    public List<SilverOrder> orders() {
        return List.copyOf(new TreeMap<>(orders).values());
    }

    /** All order lines by order id and line number. */
    public List<SilverOrderLine> orderLines() {
        return new TreeMap<>(lines).values().stream().flatMap(List::stream).toList();
    }

    /** Counts what the guard decided for an event that folded: skipped, or applied (after a gap, recorded). */
    private void account(SequenceGuard.Decision decision, long stored, BronzeEvent event, Batch changes) {
        switch (decision) {
            case SKIP -> {
                changes.skipped++;
                return;
            }
            case GAP -> changes.gaps.add(new Watermarks.Gap(event.aggregateId(), stored + 1, event.sequence(),
                    event.globalIndex()));
            case APPLY -> {
            }
        }
        changes.applied++;
        lastGlobalIndex = Math.max(lastGlobalIndex, event.globalIndex());
    }

    private void applyProduct(SilverProduct current, ProductEvent event, BronzeEvent bronze, Batch changes) {
        if (current == null && !(event instanceof ProductCreatedEvent)) {
            return; // a gap before creation: there is no row to change, the gap is recorded
        }
        String id = bronze.aggregateId();
        Instant at = micros(bronze.eventTime());
        SilverProduct next = switch (event) {
            case ProductCreatedEvent e -> new SilverProduct(id, e.sku(), e.title(), e.description(), e.category(),
                    e.price().amount(), e.price().currency(), json(e.attributes()), false, null, bronze.sequence(),
                    bronze.globalIndex(), at);
            // an update carries only the fields that changed; null means "as before"
            case ProductUpdatedEvent e -> new SilverProduct(id, current.sku(), or(e.title(), current.title()),
                    or(e.description(), current.description()), or(e.category(), current.category()),
                    e.price() != null ? e.price().amount() : current.price(),
                    e.price() != null ? e.price().currency() : current.currency(),
                    e.attributes() != null ? json(e.attributes()) : current.attributes(), current.discontinued(),
                    current.discontinuedAt(), bronze.sequence(), bronze.globalIndex(), at);
            case ProductDiscontinuedEvent e -> new SilverProduct(id, current.sku(), current.title(),
                    current.description(), current.category(), current.price(), current.currency(),
                    current.attributes(), true, at, bronze.sequence(), bronze.globalIndex(), at);
        };
        products.put(id, next);
        changes.productIds.add(id);
    }

    private void applyOrder(SilverOrder current, OrderEvent event, BronzeEvent bronze, Batch changes) {
        if (current == null && !(event instanceof OrderPlacedEvent)) {
            return; // a gap before creation: there is no row to change, the gap is recorded
        }
        String id = bronze.aggregateId();
        Instant at = micros(bronze.eventTime());
        if (event instanceof OrderPlacedEvent e) {
            place(id, e, bronze, at, changes);
            return;
        }
        SilverOrder next = switch (event) {
            // paid and shipped are business times the event carries (an import of past orders sets them)
            case OrderPaidEvent e -> status(current, SilverOrder.PAID, businessTime(e.paidAt(), at),
                    current.shippedAt(), current.cancelledAt(), bronze, at);
            case OrderShippedEvent e -> status(current, SilverOrder.SHIPPED, current.paidAt(),
                    businessTime(e.shippedAt(), at), current.cancelledAt(), bronze, at);
            case OrderCancelledEvent e -> status(current, SilverOrder.CANCELLED, current.paidAt(),
                    current.shippedAt(), at, bronze, at);
            case OrderPlacedEvent e -> throw new IllegalStateException("placement is handled above");
        };
        orders.put(id, next);
        changes.orderIds.add(id);
        changes.goldDeltas.add(new GoldDelta.StatusChanged(next));
    }

    private void place(String id, OrderPlacedEvent e, BronzeEvent bronze, Instant at, Batch changes) {
        // placedAt is business time (an import of past orders sets it); old events without it fall back
        Instant placedAt = micros(e.placedAt() != null ? e.placedAt() : bronze.eventTime());
        LocalDate orderDate = LocalDate.ofInstant(placedAt, ZoneOffset.UTC);
        List<SilverOrderLine> placed = new ArrayList<>(e.lines().size());
        for (int i = 0; i < e.lines().size(); i++) {
            OrderLine line = e.lines().get(i);
            // the category as silver knows it now: a later catalogue edit must not move past sales
            SilverProduct product = products.get(line.productId());
            placed.add(new SilverOrderLine(id, i, line.productId(), line.title(),
                    product == null ? null : product.category(), line.quantity(), line.unitPrice().amount(),
                    line.amount().amount(), line.unitPrice().currency(), orderDate));
        }
        SilverOrder order = new SilverOrder(id, e.customerId(), SilverOrder.PLACED, e.total().amount(),
                e.total().currency(), placedAt, orderDate, null, null, null, bronze.sequence(), bronze.globalIndex(),
                at);
        orders.put(id, order);
        lines.put(id, List.copyOf(placed));
        changes.orderIds.add(id);
        changes.goldDeltas.add(new GoldDelta.Placed(order, List.copyOf(placed)));
    }

    private static SilverOrder status(SilverOrder o, String status, Instant paidAt, Instant shippedAt,
                                      Instant cancelledAt, BronzeEvent bronze, Instant at) {
        return new SilverOrder(o.orderId(), o.customerId(), status, o.total(), o.currency(), o.placedAt(),
                o.orderDate(), paidAt, shippedAt, cancelledAt, bronze.sequence(), bronze.globalIndex(), at);
    }

    /** The event's own time to the microsecond, or when it was stored if it carries none. */
    private static Instant businessTime(Instant carried, Instant storedAt) {
        return carried != null ? micros(carried) : storedAt;
    }

    private static <T> T or(T changed, T before) {
        return changed != null ? changed : before;
    }

    /** Attributes as JSON text, keys sorted so equal maps give equal text whatever order the payload had. */
    private static String json(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arrow keeps microseconds: truncating here makes a row equal to itself after a round trip. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** What the batch being applied has done so far. */
    private static final class Batch {
        final Set<String> productIds = new LinkedHashSet<>();
        final Set<String> orderIds = new LinkedHashSet<>();
        final List<Watermarks.Gap> gaps = new ArrayList<>();
        final List<GoldDelta> goldDeltas = new ArrayList<>();
        final List<SilverChanges.Failed> failed = new ArrayList<>();
        long applied;
        long skipped;
    }
}
