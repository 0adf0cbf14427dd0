package io.seamline.seam.fault;

import io.seamline.domain.Conflict;
import io.seamline.domain.RuleViolation;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The faults a chaos run injects into the consumers of the log: lose one aggregate's events of one type, make applying
 * one aggregate's events fail (a poison), make a consumer's next batch fail once, stall a consumer, or give a fold a
 * {@link FoldBug}. Off unless
 * {@code seamline.faults.enabled} (the test profile) or an admin call enables them, so a production service cannot be
 * broken by accident. Every injected fault is logged.
 */
@ApplicationScoped
public class InjectedFaults implements ConsumerFaults {

    /** Events of {@code eventType} of aggregate {@code aggregateId} that {@code consumers} lose; {@code dropped} so far. */
    public record Drop(Set<String> consumers, String aggregateId, String eventType, AtomicLong dropped) {
        boolean matches(String consumer, ConsumedEvent event) {
            return consumers.contains(consumer) && aggregateId.equals(event.envelope().aggregateId())
                    && eventType.equals(event.envelope().type());
        }
    }

    /** Applying {@code aggregateId}'s events fails in {@code consumers}; {@code failures} so far. */
    public record Poison(Set<String> consumers, String aggregateId, AtomicLong failures) {
    }

    /** The next batch {@code consumer} applies fails, once; {@code failed} once it has. */
    public record BatchFailure(String consumer, AtomicBoolean failed) {
    }

    /** What is armed now. */
    public record State(boolean enabled, List<Drop> drops, List<Poison> poisons, List<BatchFailure> batchFailures,
                        Set<String> stalled, Set<String> foldBugs) {
    }

    private static final Logger LOG = Logger.getLogger(InjectedFaults.class);

    private volatile boolean enabled;
    private final List<Drop> drops = new CopyOnWriteArrayList<>();
    private final List<Poison> poisons = new CopyOnWriteArrayList<>();
    private final List<BatchFailure> batchFailures = new CopyOnWriteArrayList<>();
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();
    private final Set<FoldBug> foldBugs = ConcurrentHashMap.newKeySet();

    InjectedFaults(FaultsConfig config) {
        enabled = config.enabled();
    }

    /** Allows faults to be injected from now on (until restart). */
    public void enable() {
        enabled = true;
        LOG.warn("fault injection enabled");
    }

    /** From now on {@code consumers} lose {@code aggregateId}'s events of {@code eventType}. */
    public Drop drop(Set<String> consumers, String aggregateId, String eventType) {
        requireEnabled();
        if (consumers == null || consumers.isEmpty()) {
            throw new RuleViolation("consumers-required", "consumers", "name at least one consumer to drop events on");
        }
        if (aggregateId == null || aggregateId.isBlank()) {
            throw new RuleViolation("aggregate-required", "aggregateId", "name the aggregate whose events are dropped");
        }
        if (eventType == null || EventTypes.byName(eventType).isEmpty()) {
            throw new RuleViolation("unknown-event-type", "eventType", "no event type " + eventType + " in the catalogue");
        }
        Drop drop = new Drop(Set.copyOf(consumers), aggregateId, eventType, new AtomicLong());
        drops.add(drop);
        LOG.warnf("fault injected: %s will lose %s events of %s", consumers, eventType, aggregateId);
        return drop;
    }

    /** From now on applying {@code aggregateId}'s events fails in {@code consumers}, however often they try. */
    public Poison poison(Set<String> consumers, String aggregateId) {
        requireEnabled();
        if (consumers == null || consumers.isEmpty()) {
            throw new RuleViolation("consumers-required", "consumers", "name at least one consumer to poison");
        }
        if (aggregateId == null || aggregateId.isBlank()) {
            throw new RuleViolation("aggregate-required", "aggregateId", "name the aggregate whose events fail");
        }
        Poison poison = new Poison(Set.copyOf(consumers), aggregateId, new AtomicLong());
        poisons.add(poison);
        LOG.warnf("fault injected: %s cannot apply the events of %s", consumers, aggregateId);
        return poison;
    }

    /**
     * The next batch each of {@code consumers} applies fails once, as a store that refuses one commit would: the
     * consumer must try the batch again, not skip it.
     */
    public List<BatchFailure> failNextBatch(Set<String> consumers) {
        requireEnabled();
        if (consumers == null || consumers.isEmpty() || consumers.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new RuleViolation("consumers-required", "consumers",
                    "name at least one consumer whose next batch fails");
        }
        List<BatchFailure> armed = consumers.stream().map(c -> new BatchFailure(c, new AtomicBoolean())).toList();
        batchFailures.addAll(armed);
        LOG.warnf("fault injected: the next batch of %s fails once", consumers);
        return armed;
    }

    /** The consumer stays alive but applies nothing until {@link #resume}. */
    public void stall(String consumer) {
        requireEnabled();
        stalled.add(consumer);
        LOG.warnf("fault injected: consumer %s stalled", consumer);
    }

    public void resume(String consumer) {
        if (stalled.remove(consumer)) {
            LOG.warnf("fault cleared: consumer %s resumed", consumer);
        }
    }

    /**
     * From now on the fold that has bug {@code name} (a {@link FoldBug#wireName()}) computes wrong numbers, until
     * {@link #lift}. What it folded meanwhile stays wrong: a rebuild from the log is the repair.
     */
    public FoldBug arm(String name) {
        requireEnabled();
        FoldBug bug = FoldBug.byWireName(name).orElseThrow(() -> new RuleViolation("unknown-fold-bug", "name",
                "no fold bug " + name + "; known: " + Arrays.stream(FoldBug.values()).map(FoldBug::wireName).toList()));
        foldBugs.add(bug);
        LOG.warnf("fault injected: fold bug %s armed", bug.wireName());
        return bug;
    }

    public void lift(String name) {
        FoldBug.byWireName(name).filter(foldBugs::remove)
                .ifPresent(bug -> LOG.warnf("fault cleared: fold bug %s lifted", bug.wireName()));
    }

    /** Removes every fault (enabled stays as it is). */
    public void clear() {
        drops.clear();
        poisons.clear();
        batchFailures.clear();
        stalled.clear();
        foldBugs.clear();
        LOG.warn("faults cleared");
    }

    public State state() {
        return new State(enabled, List.copyOf(drops), List.copyOf(poisons), List.copyOf(batchFailures),
                Set.copyOf(stalled), foldBugs.stream().map(FoldBug::wireName).collect(Collectors.toSet()));
    }

    @Override
    public boolean armed(FoldBug bug) {
        return !foldBugs.isEmpty() && foldBugs.contains(bug);
    }

    @Override
    public boolean stalled(String consumer) {
        return !stalled.isEmpty() && stalled.contains(consumer);
    }

    @Override
    public boolean drops(String consumer, ConsumedEvent event) {
        for (Drop drop : drops) {
            if (drop.matches(consumer, event)) {
                drop.dropped().incrementAndGet();
                LOG.warnf("fault: %s dropped %s %s seq %d", consumer, event.envelope().type(),
                        event.envelope().aggregateId(), event.envelope().sequence());
                return true;
            }
        }
        return false;
    }

    @Override
    public void beforeBatch(String consumer) {
        for (BatchFailure failure : batchFailures) {
            if (failure.consumer().equals(consumer) && failure.failed().compareAndSet(false, true)) {
                LOG.warnf("fault: %s fails this batch once", consumer);
                throw new IllegalStateException("injected fault: " + consumer + " fails this batch once");
            }
        }
    }

    @Override
    public void beforeApply(String consumer, String aggregateId) {
        for (Poison poison : poisons) {
            if (poison.consumers().contains(consumer) && poison.aggregateId().equals(aggregateId)) {
                poison.failures().incrementAndGet();
                throw new IllegalStateException("injected fault: " + consumer + " cannot apply the events of "
                        + aggregateId);
            }
        }
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new Conflict("faults-disabled", null,
                    "fault injection is off: POST /api/admin/faults/enable first (or seamline.faults.enabled=true)");
        }
    }
}
