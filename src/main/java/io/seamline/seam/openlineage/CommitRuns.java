package io.seamline.seam.openlineage;

import io.openlineage.client.OpenLineage;
import io.seamline.seam.consume.ConsumerObserver;
import io.seamline.seam.event.ConsumedEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every read model's commits as OpenLineage runs: the batches a model applied within one
 * {@code seamline.openlineage.interval} are one run of its job, sent as START (when the first of them applied) and
 * COMPLETE (when the last did) with the topic offsets they read as input and the model's tables at their versions
 * as output; the batches that failed to apply meanwhile (they are tried again) are one run sent as START and FAIL
 * with the last error. Gathering here and sending from its own thread keeps the consumer loop from waiting on a
 * lineage endpoint, and a busy model from sending an event per batch.
 */
@ApplicationScoped
class CommitRuns implements ConsumerObserver {

    private static final Logger LOG = Logger.getLogger(CommitRuns.class);

    private final LineageEmitter emitter;
    private final OpenLineageConfig config;
    private final Map<String, Window> open = new ConcurrentHashMap<>();
    private final Map<String, Window> failing = new ConcurrentHashMap<>();
    private ScheduledExecutorService sender;

    CommitRuns(LineageEmitter emitter, OpenLineageConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    @PostConstruct
    void start() {
        if (!config.enabled()) {
            return;
        }
        sender = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("openlineage")
                .factory());
        long every = Math.max(config.interval().toMillis(), 1);
        sender.scheduleWithFixedDelay(this::sendAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void applied(String consumer, List<ConsumedEvent> batch, Instant at) {
        if (config.enabled() && !batch.isEmpty()) {
            open.compute(consumer, (c, window) -> (window == null ? new Window(at) : window).add(batch, at));
        }
    }

    @Override
    public void failed(String consumer, Map<Integer, Long> fromOffsets, Map<Integer, Long> nextOffsets,
                       Exception cause, Instant at) {
        if (config.enabled()) {
            failing.compute(consumer, (c, window) -> (window == null ? new Window(at) : window)
                    .add(fromOffsets, nextOffsets, records(fromOffsets, nextOffsets), at).failedWith(cause));
        }
    }

    private static long records(Map<Integer, Long> from, Map<Integer, Long> next) {
        long records = 0;
        for (Map.Entry<Integer, Long> end : next.entrySet()) {
            records += end.getValue() - from.getOrDefault(end.getKey(), end.getValue());
        }
        return records;
    }

    /** Sends, per model, one failed run and one completed run of what happened since the last call. */
    void sendAll() {
        for (String consumer : List.copyOf(failing.keySet())) {
            Window window = failing.remove(consumer);
            if (window != null) {
                send(consumer, window, OpenLineage.RunEvent.EventType.FAIL);
            }
        }
        for (String consumer : List.copyOf(open.keySet())) {
            Window window = open.remove(consumer);
            if (window != null) {
                send(consumer, window, OpenLineage.RunEvent.EventType.COMPLETE);
            }
        }
    }

    /** Sends one run; one that cannot be built (a model's tables unreadable) is logged, and the sender goes on. */
    private void send(String consumer, Window window, OpenLineage.RunEvent.EventType end) {
        try {
            sendRun(consumer, window, end);
        } catch (RuntimeException e) {
            LOG.warnf(e, "OpenLineage run of %s not sent", consumer);
        }
    }

    private void sendRun(String consumer, Window window, OpenLineage.RunEvent.EventType end) {
        UUID run = UUID.randomUUID();
        OpenLineage.DefaultRunFacet commits = new OpenLineage.DefaultRunFacet(LineageEmitter.PRODUCER);
        commits.getAdditionalProperties().put("batches", window.batches);
        commits.getAdditionalProperties().put("events", window.events);
        OpenLineage.RunFacetsBuilder facets = emitter.model().newRunFacetsBuilder().put("seamline_commits", commits);
        if (window.error != null) {
            facets.errorMessage(emitter.model().newErrorMessageRunFacet(window.error, "Java", null));
        }
        List<OpenLineage.InputDataset> inputs = List.of(emitter.topic(window.first, window.next));
        boolean written = end == OpenLineage.RunEvent.EventType.COMPLETE; // a failed batch changed nothing
        emitter.emit(emitter.event(OpenLineage.RunEvent.EventType.START, run, consumer, window.startedAt, false,
                facets.build(), inputs, emitter.outputs(consumer, false)));
        emitter.emit(emitter.event(end, run, consumer, window.lastAt, false, facets.build(), inputs,
                emitter.outputs(consumer, written)));
    }

    @PreDestroy
    void stop() {
        if (sender != null) {
            sender.shutdownNow();
            sendAll(); // what was applied since the last run is a run too
        }
    }

    /**
     * The batches one model applied (or failed to apply) since its last run: per partition the first offset and the
     * next one, and the last error.
     */
    private static final class Window {
        private final Instant startedAt;
        private Instant lastAt;
        private final Map<Integer, Long> first = new HashMap<>();
        private final Map<Integer, Long> next = new HashMap<>();
        private long batches;
        private long events;
        private String error;

        Window(Instant startedAt) {
            this.startedAt = startedAt;
        }

        Window add(List<ConsumedEvent> batch, Instant at) {
            Map<Integer, Long> from = new HashMap<>();
            Map<Integer, Long> to = new HashMap<>();
            for (ConsumedEvent event : batch) {
                from.merge(event.partition(), event.offset(), Math::min);
                to.merge(event.partition(), event.offset() + 1, Math::max);
            }
            return add(from, to, batch.size(), at);
        }

        Window add(Map<Integer, Long> from, Map<Integer, Long> to, long records, Instant at) {
            from.forEach((partition, offset) -> first.merge(partition, offset, Math::min));
            to.forEach((partition, offset) -> next.merge(partition, offset, Math::max));
            batches++;
            events += records;
            lastAt = at;
            return this;
        }

        Window failedWith(Exception cause) {
            error = cause.toString();
            return this;
        }
    }
}
