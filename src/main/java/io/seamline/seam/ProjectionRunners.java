package io.seamline.seam;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the runner of each consumer of the log: on the configured topic and brokers, reporting to every
 * {@link ConsumerObserver} and subject to the armed {@link ConsumerFaults}.
 */
@ApplicationScoped
public class ProjectionRunners {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "seamline.topic", defaultValue = "seamline.events")
    String topic;

    private final List<ConsumerObserver> observers;
    private final Instance<ConsumerFaults> faults;

    ProjectionRunners(@All List<ConsumerObserver> observers, Instance<ConsumerFaults> faults) {
        this.observers = observers;
        this.faults = faults;
    }

    /** A runner that resumes where the group's committed offsets say (the projection stores them nowhere else). */
    public ProjectionRunner create(String group, ProjectionRunner.BatchHandler handler) {
        return new ProjectionRunner(group, topic, bootstrapServers, handler, null, observers, faults());
    }

    /**
     * A runner for a projection that stores its offsets with its data (an index commit, a manifest): each
     * partition it is assigned resumes at {@code storedOffsets} (from the beginning when it has none), and the
     * group's committed offsets are only a copy for monitoring.
     */
    public ProjectionRunner resumingFrom(Supplier<Map<Integer, Long>> storedOffsets, String group,
                                         ProjectionRunner.BatchHandler handler) {
        return new ProjectionRunner(group, topic, bootstrapServers, handler, storedOffsets, observers, faults());
    }

    public String topic() {
        return topic;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private ConsumerFaults faults() {
        return faults.isResolvable() ? faults.get() : ConsumerFaults.NONE;
    }
}
