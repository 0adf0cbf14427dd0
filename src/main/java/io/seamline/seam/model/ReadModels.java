package io.seamline.seam.model;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every read model of the application, as CDI discovers them (in the order of their {@code @Priority}, highest first):
 * what the contract registry, the propagation trace, the consumer loop and the admin API derive their lists from.
 */
@ApplicationScoped
public class ReadModels {

    private final Map<String, ReadModel> byName = new LinkedHashMap<>();

    ReadModels(@All List<ReadModel> models) {
        for (ReadModel model : models) {
            if (byName.put(model.name(), model) != null) {
                throw new IllegalStateException("two read models are named " + model.name());
            }
        }
    }

    public List<ReadModel> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<ReadModel> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The consumer groups of the models switched off by configuration ({@link ReadModel#consuming()} false). */
    public Set<String> switchedOff() {
        return byName.values().stream().filter(m -> !m.consuming()).map(ReadModel::group)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every model's contract file, in discovery order. */
    public List<String> contractFiles() {
        return byName.values().stream().map(ReadModel::contractFile).toList();
    }

    /** The hops of the propagation trace: the relay's publish, then every model's, in discovery order. */
    public List<TraceHop> hops() {
        List<TraceHop> hops = new ArrayList<>();
        hops.add(new TraceHop(TraceHop.KAFKA, "eventstore"));
        byName.values().forEach(m -> hops.addAll(m.hops()));
        return List.copyOf(hops);
    }

    /** The consumer group whose position says whether an event reached {@code hop} yet; empty for no model's hop. */
    public Optional<String> groupOf(String hop) {
        return byName.values().stream().filter(m -> m.hops().stream().anyMatch(h -> h.name().equals(hop)))
                .map(ReadModel::group).findFirst();
    }
}
