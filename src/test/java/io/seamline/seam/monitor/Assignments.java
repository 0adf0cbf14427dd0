package io.seamline.seam.monitor;

import io.seamline.seam.consume.ConsumerObserver;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records where each consumer of the log said it resumes when its group assigned it partitions. */
@Singleton
public class Assignments implements ConsumerObserver {

    /** One assignment: the consumer and the next offset of each partition it was given. */
    public record Assignment(String consumer, Map<Integer, Long> nextOffsets) {
    }

    private final List<Assignment> all = new CopyOnWriteArrayList<>();

    @Override
    public void assigned(String consumer, Map<Integer, Long> nextOffsets) {
        all.add(new Assignment(consumer, Map.copyOf(nextOffsets)));
    }

    /** The assignments of {@code consumer} so far, oldest first. */
    public List<Assignment> of(String consumer) {
        return all.stream().filter(a -> a.consumer().equals(consumer)).toList();
    }
}
