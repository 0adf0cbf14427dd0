package io.seamline.seam.model;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.consume.ProjectionRunner;
import io.seamline.seam.consume.ProjectionRunners;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the consumer of every read model in the shared loop ({@link ProjectionRunner}): started with the application,
 * resuming where the model keeps its position, stopped first on shutdown, and paused for a replay's swap.
 */
@ApplicationScoped
public class ModelConsumers {

    private static final Logger LOG = Logger.getLogger(ModelConsumers.class);

    private final ReadModels models;
    private final ProjectionRunners runners;
    private final Map<String, ProjectionRunner> running = new HashMap<>();
    /** The launcher's bound on the whole stop ({@code seamline.shutdown.timeout}); the consumers get half of it. */
    private final Duration shutdownTimeout;

    ModelConsumers(ReadModels models, ProjectionRunners runners, PlatformConfig platform) {
        this.models = models;
        this.runners = runners;
        this.shutdownTimeout = platform.shutdown().timeout();
    }

    /** After the models opened their stores (priority 10), before anything waits for them to catch up. */
    void start(@Observes @Priority(20) StartupEvent event) {
        for (ReadModel model : models.all()) {
            if (model.consuming()) {
                resume(model.name());
            }
        }
    }

    /**
     * Consumers stop first on shutdown, all at once: the batch in hand is applied and its position committed. A
     * consumer still not stopped after half the shutdown bound ({@code seamline.shutdown.timeout}; a batch blocked in
     * its store) is abandoned, so the rest of the service, and the embedded servers after it, stop within the bound.
     */
    synchronized void stop(@Observes @Priority(1) ShutdownEvent event) {
        running.values().forEach(ProjectionRunner::requestStop);
        long deadline = System.nanoTime() + shutdownTimeout.dividedBy(2).toNanos();
        for (ProjectionRunner runner : running.values()) {
            if (!runner.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                runner.abandon();
            }
        }
        running.clear();
    }

    /**
     * Stops feeding {@code model} after the batch in hand, and has it make what it applied durable; it keeps answering
     * queries. Returns whether it was being fed (only then does {@link #resume} after a replay start it again).
     */
    public synchronized boolean pause(String model) throws Exception {
        ProjectionRunner runner = running.remove(model);
        if (runner != null) {
            runner.close();
        }
        model(model).paused();
        return runner != null;
    }

    /** Feeds {@code model} again, from where it keeps its position (its own store's now, after a swap). */
    public synchronized void resume(String model) {
        if (running.containsKey(model)) {
            return;
        }
        ReadModel feeding = model(model);
        ProjectionRunner runner = switch (feeding) {
            case RecordModel records -> runners.landing(records.group(), records::storedOffsets,
                    records::requireWritable, records);
            case EventModel events when events.positionStore() == ReadModel.PositionStore.GROUP_OFFSETS ->
                    runners.create(events.group(), events::apply, events::requireWritable);
            case EventModel events -> runners.resumingFrom(events::storedOffsets, events::passedOver, events.group(),
                    events::apply,
                    events::requireWritable);
        };
        if (feeding instanceof EventModel events && events.visibleLater()) {
            events.reportVisibility(runner.reportWhenVisible());
        }
        runner.start();
        running.put(model, runner);
        LOG.debugf("consuming for read model %s in group %s", model, feeding.group());
    }

    /** The runner feeding {@code model}; empty while paused or switched off. */
    public synchronized Optional<ProjectionRunner> runner(String model) {
        return Optional.ofNullable(running.get(model));
    }

    private ReadModel model(String name) {
        return models.named(name).orElseThrow(() -> new IllegalArgumentException("no read model " + name));
    }
}
