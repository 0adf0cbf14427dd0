package io.seamline.projection.vector;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.seam.ProjectionRunner;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Feeds the vector index from the event topic in consumer group {@value VectorReadModel#CONSUMER}, resuming at the
 * offsets the index saved with its vectors (so a restart replays at most one checkpoint interval).
 */
@ApplicationScoped
public class VectorConsumer {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;
    @ConfigProperty(name = "seamline.vectors.enabled", defaultValue = "true")
    boolean enabled;

    private final VectorReadModel model;
    private ProjectionRunner runner;

    VectorConsumer(VectorReadModel model) {
        this.model = model;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        if (enabled) {
            resume();
        }
    }

    /** Starts consuming at the live index's stored offsets (whichever index is live now). */
    synchronized void resume() {
        if (runner != null) {
            return;
        }
        runner = ProjectionRunner.resumingFrom(() -> model.index().position().nextOffsets(), VectorReadModel.CONSUMER,
                topic, bootstrapServers, batch -> model.index().apply(batch));
        runner.start();
    }

    /**
     * Stops after the batch in hand and checkpoints the index, so its files hold everything applied; returns whether
     * it was consuming (a replay resumes only then).
     */
    synchronized boolean pause() {
        boolean wasRunning = runner != null;
        if (wasRunning) {
            runner.close();
            runner = null;
        }
        model.index().close();
        return wasRunning;
    }

    /** Consumers stop first on shutdown: the batch in hand is applied, then the index saves (see the read model). */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        synchronized (this) {
            if (runner != null) {
                runner.close();
                runner = null;
            }
        }
    }

    public synchronized ProjectionRunner runner() {
        return runner;
    }

    String topic() {
        return topic;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }
}
