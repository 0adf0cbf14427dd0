package io.seamline.platform;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Optional;

/**
 * Axon's caching event-sourcing repository that trusts a cached aggregate only while the event store holds no newer
 * event for it. Another replica (or anything else writing the store) may have appended since this one cached it; a
 * stale copy would decide on old state, and a decision that appends nothing (a no-op update, a refusal) would never
 * meet the append's unique key on (aggregate, sequence) that catches a stale write. So every hit costs one indexed
 * look-up of the aggregate's last sequence number (no rows read, nothing deserialized); a newer one evicts the copy
 * and the aggregate is read from the store as without a cache. A writer that appends between that look-up and this
 * command's commit still meets the unique key: the command rolls back, which evicts the entry too.
 */
final class CheckedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    CheckedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder.cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        boolean cached = cache.containsKey(aggregateIdentifier);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        if (!cached || isCurrent(aggregate)) {
            return aggregate;
        }
        cache.remove(aggregateIdentifier);
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }

    private boolean isCurrent(EventSourcedAggregate<T> aggregate) {
        return eventStore.lastSequenceNumberFor(aggregate.identifierAsString())
                .equals(Optional.ofNullable(aggregate.version()));
    }
}
