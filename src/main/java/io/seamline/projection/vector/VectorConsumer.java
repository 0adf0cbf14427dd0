package io.seamline.projection.vector;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.seam.ProjectionRunner;
import io.seamline.seam.ProjectionRunners;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the vector index from the event topic in consumer group {@value VectorReadModel#CONSUMER}, resuming at the
 * offsets the index saved with its vectors (so a restart replays at most one checkpoint interval).
 */
@ApplicationScoped
public class VectorConsumer {

    @ConfigProperty(name = "seamline.vectors.enabled", defaultValue = "true")
    boolean enabled;

    private static final Logger LOG = Logger.getLogger(VectorConsumer.class);

    private final VectorReadModel model;
    private final ProjectionRunners runners;
    private ProjectionRunner runner;
    private ScheduledExecutorService flusher;

    VectorConsumer(VectorReadModel model, ProjectionRunners runners) {
        this.model = model;
        this.runners = runners;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        if (!enabled) {
            return;
        }
        resume();
        // batches checkpoint when the interval has passed, but the last batch before a quiet spell would wait for
        // the next one: the timer saves it, so a restart after an idle crash replays nothing
        long every = model.params().flushInterval().toMillis();
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vectors-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushIfDue, every, every, TimeUnit.MILLISECONDS);
    }

    private void flushIfDue() {
        try {
            model.index().checkpointIfDue();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("vector index checkpoint failed, retried at the next interval: %s", e);
        }
    }

    /** Starts consuming at the live index's stored offsets (whichever index is live now). */
    synchronized void resume() {
        if (runner != null) {
            return;
        }
        // searchable once applied: the graph takes each batch in place
        // the graph is in memory: a failing checkpoint's IOException is an outage by itself (ApplyRetries.outage)
        runner = runners.resumingFrom(() -> model.index().position().nextOffsets(), VectorReadModel.CONSUMER,
                batch -> model.index().apply(batch), ProjectionRunner.StoreCheck.NONE);
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
        if (flusher != null) {
            flusher.shutdownNow();
        }
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
        return runners.topic();
    }

    /** A consumer of the log outside any group, for a rebuild. */
    KafkaConsumer<String, byte[]> reader(int maxPollRecords) {
        return runners.reader(maxPollRecords);
    }
}
