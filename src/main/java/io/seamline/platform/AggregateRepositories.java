package io.seamline.platform;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositorySpanFactory;

/**
 * The repository every event-sourced aggregate gets: by default with a bounded cache of aggregates checked against
 * the store on every load ({@link CheckedCachingRepository}), so a command does not re-read and re-apply the
 * aggregate's whole history; {@code seamline.axon.aggregate-cache-size=0} turns the cache off.
 */
public final class AggregateRepositories {

    private final int cacheSize;

    AggregateRepositories(int cacheSize) {
        this.cacheSize = cacheSize;
    }

    /** Axon's default configuration of {@code type}, with the repository described above. */
    public static <A> AggregateConfigurer<A> configure(Class<A> type) {
        return AggregateConfigurer.defaultConfiguration(type)
                .configureRepository(c -> c.getComponent(AggregateRepositories.class).repository(type, c));
    }

    private <A> Repository<A> repository(Class<A> type, Configuration c) {
        // what Axon's AggregateConfigurer builds by default, so only the cache differs
        EventSourcingRepository.Builder<A> builder = EventSourcingRepository.builder(type)
                .eventStore(c.eventStore())
                .repositoryProvider(c::repository)
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(type))
                .spanFactory(c.getComponent(RepositorySpanFactory.class));
        if (cacheSize <= 0) {
            return builder.build();
        }
        // one cache per aggregate type: an id of another type must still be read from the store and refused there
        Cache cache = new BoundedAggregateCache(cacheSize);
        return new CheckedCachingRepository<>(builder, c.eventStore(), cache);
    }
}
