package io.seamline.projection.rowstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.seam.ProjectionRunner;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Feeds the row store from the event topic in consumer group {@value RowStoreProjection#CONSUMER}. */
@ApplicationScoped
public class RowStoreConsumer {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;

    private final RowStoreProjection projection;
    private ProjectionRunner runner;

    RowStoreConsumer(RowStoreProjection projection) {
        this.projection = projection;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        runner = new ProjectionRunner(RowStoreProjection.CONSUMER, topic, bootstrapServers,
                projection::apply);
        runner.start();
    }

    /** Consumers stop first on shutdown: the batch in hand is applied and its offsets committed. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (runner != null) {
            runner.close();
        }
    }

    public ProjectionRunner runner() {
        return runner;
    }
}
