package io.seamline.platform;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Assembles Axon Framework over the PostgreSQL event store (no Axon Server): JDBC storage, Jackson
 * for every serializer, one JDBC transaction per unit of work, and the modules of each capability.
 */
@Singleton
public class AxonRuntime {

    private static final String UNIQUE_VIOLATION = "23505"; // PostgreSQL's SQLSTATE unique_violation

    private final Configuration configuration;
    private final JdbcTransactionManager transactions;

    AxonRuntime(DataSource dataSource, Instance<AxonModule> modules, MeterRegistry metrics, PlatformConfig config) {
        transactions = new JdbcTransactionManager(dataSource);
        // Tokens and other framework objects need type information; events must stay plain JSON.
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newMapper())
                .defaultTyping().build();
        JacksonSerializer eventSerializer = JacksonSerializer.builder().objectMapper(EventJson.newMapper()).build();
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureMessageSerializer(c -> eventSerializer)
                .configureEventSerializer(c -> eventSerializer)
                .configureTransactionManager(c -> transactions)
                .registerComponent(EventStorageEngine.class, c -> JdbcEventStorageEngine.builder()
                        .connectionProvider(transactions)
                        .transactionManager(transactions)
                        .eventSerializer(eventSerializer)
                        .snapshotSerializer(eventSerializer)
                        .upcasterChain(c.upcasterChain())
                        .dataType(byte[].class)
                        // the relay reads the log in pages of this size; Axon's default is 100
                        .batchSize(config.eventstore().fetchSize())
                        // Axon's default only knows SQLIntegrityConstraintViolationException, which PostgreSQL's driver
                        // never throws: without this, another writer's event at the same sequence is an unexplained
                        // EventStoreException instead of the ConcurrencyException a command may be retried on.
                        .persistenceExceptionResolver(AxonRuntime::isUniqueViolation)
                        .build())
                .configureEmbeddedEventStore(c -> c.getComponent(EventStorageEngine.class))
                // Replicas share this store: a processor's token is claimed by one of them at a time (the owner column
                // names it), and a claim not renewed within the timeout may be taken over by another.
                .registerComponent(TokenStore.class, c -> JdbcTokenStore.builder()
                        .connectionProvider(transactions)
                        .serializer(serializer)
                        .contentType(byte[].class)
                        .claimTimeout(config.axon().tokenClaimTimeout())
                        .nodeId(tokenOwner(config.replica().id()))
                        .build())
                .registerComponent(AggregateRepositories.class,
                        c -> new AggregateRepositories(config.axon().aggregateCacheSize()));
        modules.forEach(module -> module.configure(configurer, transactions));
        Counter appended = Counter.builder("seamline.events.appended").description("events committed to the event store")
                .register(metrics);
        configurer.onInitialize(c -> c.onStart(() -> c.eventStore().registerDispatchInterceptor(events -> {
            // Counted when the command's transaction commits, not when the event is staged.
            CurrentUnitOfWork.ifStarted(uow -> uow.afterCommit(u -> appended.increment(events.size())));
            return (index, event) -> event;
        })));
        configuration = configurer.buildConfiguration();
    }

    /** The name a token claim is held under: the replica's (when set) and this process's, e.g. r1/4711@host. */
    private static String tokenOwner(Optional<String> replica) {
        String process = ManagementFactory.getRuntimeMXBean().getName();
        return replica.map(id -> id + "/" + process).orElse(process);
    }

    private static boolean isUniqueViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Starts after Flyway has migrated the schema and before the HTTP server takes requests. */
    void start(@Observes @Priority(10) StartupEvent event) {
        configuration.start();
    }

    /** Stops processors first (they commit their tokens), before the datasource goes away. */
    void stop(@Observes @Priority(10) ShutdownEvent event) {
        configuration.shutdown();
    }

    public Configuration configuration() {
        return configuration;
    }

    /** The storage engine under the event store, for reading the log at any position. */
    public EventStorageEngine storageEngine() {
        return configuration.getComponent(EventStorageEngine.class);
    }

    public JdbcTransactionManager transactions() {
        return transactions;
    }

    @Produces
    @ApplicationScoped
    CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    @Produces
    @ApplicationScoped
    EventStore eventStore() {
        return configuration.eventStore();
    }
}
