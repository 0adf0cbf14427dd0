package io.seamline.projection.rowstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.seam.ProjectionRunner;
import io.seamline.seam.ProjectionRunners;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Feeds the row store from the event topic in consumer group {@value RowStoreProjection#CONSUMER}. */
@ApplicationScoped
public class RowStoreConsumer {

    private final RowStoreProjection projection;
    private final ProjectionRunners runners;
    private ProjectionRunner runner;

    RowStoreConsumer(RowStoreProjection projection, ProjectionRunners runners) {
        this.projection = projection;
        this.runners = runners;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        runner = runners.create(RowStoreProjection.CONSUMER, projection::apply, projection::requireReachable);
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
