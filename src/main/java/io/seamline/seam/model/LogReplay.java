package io.seamline.seam.model;

import io.quarkus.arc.All;
import io.seamline.seam.consume.ProjectionRunners;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one reader of the topic that rebuilds any read model: reads the log from offset 0 outside any consumer group
 * (the live consumer is not disturbed and keeps answering) into a fresh {@link Generation}, or from the event store
 * when retention has deleted the topic's start and the model can, or, when asked, from the raw records the live model
 * retains (no topic read at all); then pauses the live consumer only for the tail that arrived meanwhile and the swap,
 * and resumes it on the new generation. Logs a progress line every
 * {@link #PROGRESS_EVERY}.
 */
@ApplicationScoped
class LogReplay {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LogReplay.class);
    private static final int RECORDS_PER_POLL = 5_000;

    private final ProjectionRunners runners;
    private final ModelConsumers consumers;
    private final List<ReplayObserver> observers;

    LogReplay(ProjectionRunners runners, ModelConsumers consumers, @All List<ReplayObserver> observers) {
        this.runners = runners;
        this.consumers = consumers;
        this.observers = List.copyOf(observers);
    }

    /**
     * Rebuilds {@code model} from {@code source}, reporting to {@code job} (records of the topic; events, when it is
     * filled from the event store or from what the live model retains); a failure ends the job FAILED and leaves the
     * live model as it was.
     */
    void run(ReadModel model, ReplayJob job, ReplaySource source) {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<Integer, Long> readFrom = new HashMap<>();
        Map<Integer, Long> readTo = new HashMap<>();
        observers.forEach(observer -> tell(observer, o -> o.started(job.status())));
        try (Generation generation = model.newGeneration()) {
            if (source == ReplaySource.RETAINED) {
                fromRetained(model, generation, job, details);
            } else {
                fromLog(model, generation, job, source == ReplaySource.EVENT_STORE, details, readFrom, readTo);
            }
            details.putAll(generation.details());
            job.succeeded(details);
            ReplayJob.Status done = job.status();
            LOG.infof("replay %s of %s done: %d records in %.1f s (%.0f/s) from %s, %s", job.id(), model.name(),
                    done.done(), done.done() / Math.max(done.ratePerSecond(), 1e-9), done.ratePerSecond(),
                    details.get("source"), generation.details());
        } catch (Exception e) {
            job.failed(e);
            LOG.errorf(e, "replay %s of %s failed in phase %s; the live read model is as it was", job.id(),
                    model.name(), job.phase());
        }
        ReplayJob.Status ended = job.status();
        Map<Integer, Long> from = Map.copyOf(readFrom);
        Map<Integer, Long> to = Map.copyOf(readTo);
        observers.forEach(observer -> tell(observer, o -> o.ended(ended, from, to)));
    }

    /**
     * Fills the generation from the topic (from the event store when asked or when retention has deleted the topic's
     * start), then copies the tail and swaps it in; {@code readFrom} and {@code readTo} get the offsets read between.
     */
    private void fromLog(ReadModel model, Generation generation, ReplayJob job, boolean fromEventStore,
                         Map<String, Object> details, Map<Integer, Long> readFrom, Map<Integer, Long> readTo)
            throws Exception {
        String topic = runners.topic();
        try (KafkaConsumer<String, byte[]> reader = runners.reader(RECORDS_PER_POLL)) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            Map<TopicPartition, Long> beginnings = reader.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            Progress progress = new Progress(model.name(), job);
            boolean truncated = beginnings.values().stream().anyMatch(offset -> offset > 0);
            if (fromEventStore || truncated) {
                if (!(generation instanceof EventStoreFill fill)) {
                    throw new IllegalStateException("retention has deleted the start of " + topic + "; "
                            + model.name() + " cannot be rebuilt from Kafka alone");
                }
                job.phase(ReplayJob.Phase.FILLING_FROM_EVENT_STORE);
                // the offsets first, then the log: every event a record before those offsets carries is in it
                long events = fill.fillFromEventStore(byPartition(ends));
                ends.forEach(reader::seek);
                readFrom.putAll(byPartition(ends));
                job.addTotal(events); // counted once folded: the event store is read page by page to its end
                job.advance(events);
                details.put("source", "EVENT_STORE");
            } else {
                job.addTotal(distance(beginnings, ends));
                job.phase(ReplayJob.Phase.READING);
                readFrom.putAll(byPartition(beginnings));
                reader.seekToBeginning(partitions);
                copy(reader, ends, generation, progress);
                details.put("source", "KAFKA");
            }
            swapWhilePaused(model, generation, job, () -> {
                Map<TopicPartition, Long> tail = reader.endOffsets(partitions);
                job.addTotal(distance(ends, tail));
                copy(reader, tail, generation, progress);
                readTo.putAll(byPartition(tail));
            });
        }
    }

    /**
     * Fills the generation from the raw records the live model retains, reading no record of the topic; the
     * generation adds what the live model took meanwhile at its swap, while the live consumer is paused.
     */
    private void fromRetained(ReadModel model, Generation generation, ReplayJob job, Map<String, Object> details)
            throws Exception {
        if (!(generation instanceof RetainedFill fill)) {
            throw new IllegalStateException(model.name() + " cannot be rebuilt from retained raw records");
        }
        job.phase(ReplayJob.Phase.FOLDING_RETAINED);
        long events = fill.fillFromRetained();
        job.addTotal(events);
        job.advance(events);
        details.put("source", model.retainedRaw().orElseThrow().toUpperCase(Locale.ROOT));
        swapWhilePaused(model, generation, job, () -> { });
    }

    /** Pauses the live consumer (it keeps answering queries), writes the tail, swaps the generation in, resumes. */
    private void swapWhilePaused(ReadModel model, Generation generation, ReplayJob job, Tail tail) throws Exception {
        job.phase(ReplayJob.Phase.TAIL);
        boolean wasConsuming = consumers.pause(model.name());
        try {
            tail.copy();
            job.phase(ReplayJob.Phase.SWAPPING);
            generation.swapIn();
        } finally {
            if (wasConsuming) {
                consumers.resume(model.name());
            }
        }
    }

    /** What arrived in the topic while the generation was filled, written to it before the swap. */
    private interface Tail {
        void copy() throws Exception;
    }

    /** An observer that fails is logged and passed over: what it records never decides a replay. */
    private static void tell(ReplayObserver observer, Consumer<ReplayObserver> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            LOG.warnf(e, "replay observer %s failed", observer.getClass().getSimpleName());
        }
    }

    /**
     * Writes every record before {@code ends}, {@link Generation#batchSize} records a write; the reader is left at
     * {@code ends} (records polled past them are read again by the next pass).
     */
    private static void copy(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends,
                             Generation generation, Progress progress) throws Exception {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        boolean more = behind(reader, ends);
        while (more) {
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    batch.add(record);
                }
            }
            more = behind(reader, ends);
            if (batch.size() >= generation.batchSize() || !more && !batch.isEmpty()) {
                Set<Integer> lagging = new HashSet<>();
                ends.forEach((partition, end) -> {
                    if (reader.position(partition) < end) {
                        lagging.add(partition.partition());
                    }
                });
                generation.write(batch, lagging);
                progress.advance(batch.size());
                batch = new ArrayList<>();
            }
        }
        ends.forEach(reader::seek);
    }

    private static boolean behind(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static long distance(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        long records = 0;
        for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
            records += Math.max(0, end.getValue() - from.getOrDefault(end.getKey(), 0L));
        }
        return records;
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> byPartition = new HashMap<>();
        offsets.forEach((partition, offset) -> byPartition.put(partition.partition(), offset));
        return byPartition;
    }

    /** Counts what a replay wrote and logs a progress line at most every {@link #PROGRESS_EVERY}. */
    private static final class Progress {
        private final String model;
        private final ReplayJob job;
        private long lastLine = System.nanoTime();

        Progress(String model, ReplayJob job) {
            this.model = model;
            this.job = job;
        }

        void advance(int records) {
            job.advance(records);
            if (System.nanoTime() - lastLine < PROGRESS_EVERY.toNanos()) {
                return;
            }
            lastLine = System.nanoTime();
            ReplayJob.Status now = job.status();
            LOG.infof("replay %s of %s: %s, %d of %d records (%.0f%%), %.0f/s, about %s s left", job.id(), model,
                    now.phase(), now.done(), now.total(), 100.0 * now.done() / Math.max(now.total(), 1),
                    now.ratePerSecond(), now.etaSeconds() == null ? "?" : String.format("%.0f", now.etaSeconds()));
        }
    }
}
