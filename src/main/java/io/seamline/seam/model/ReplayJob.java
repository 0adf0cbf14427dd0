package io.seamline.seam.model;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One replay of a read model running in the background: its phase, how many of the log's records it has written of
 * how many, and how it ended. Written by the replay's thread, read by anyone ({@link #status}).
 */
public final class ReplayJob {

    /**
     * Where a replay is: reading the log (or the event store, or the raw records the live store retains) into the
     * fresh generation, then the tail and the swap, then done. Append-only: clients read these names.
     */
    public enum Phase { QUEUED, READING, FILLING_FROM_EVENT_STORE, TAIL, SWAPPING, DONE, FOLDING_RETAINED }

    public enum Outcome { SUCCEEDED, FAILED }

    /**
     * The job as the admin API shows it: records done of total (the total grows by the tail that arrived while it
     * read), the rate so far in records a second, the estimated seconds left, and the outcome once done.
     */
    public record Status(String id, String model, Phase phase, long done, long total, double ratePerSecond,
                         Double etaSeconds, Instant startedAt, Instant finishedAt, Outcome outcome, String error,
                         Map<String, Object> details) {
    }

    private final String id;
    private final String model;
    private final Instant queuedAt = Instant.now();
    private volatile Phase phase = Phase.QUEUED;
    private volatile long done;
    private volatile long total;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Outcome outcome;
    private volatile String error;
    private volatile Map<String, Object> details = Map.of();

    ReplayJob(String id, String model) {
        this.id = id;
        this.model = model;
    }

    public String id() {
        return id;
    }

    public String model() {
        return model;
    }

    void phase(Phase next) {
        if (startedAt == null) {
            startedAt = Instant.now();
        }
        phase = next;
    }

    Phase phase() {
        return phase;
    }

    void addTotal(long records) {
        total += records;
    }

    void advance(long records) {
        done += records;
    }

    void succeeded(Map<String, Object> what) {
        details = Map.copyOf(what);
        finish(Outcome.SUCCEEDED);
    }

    void failed(Throwable cause) {
        error = String.valueOf(cause.getMessage());
        finish(Outcome.FAILED);
    }

    private void finish(Outcome how) {
        finishedAt = Instant.now();
        outcome = how;
        phase = Phase.DONE;
    }

    public boolean finished() {
        return outcome != null;
    }

    public Status status() {
        Instant start = startedAt == null ? queuedAt : startedAt;
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        double seconds = Math.max(Duration.between(start, end).toMillis(), 1) / 1000.0;
        long doneNow = done;
        long totalNow = Math.max(total, doneNow);
        double rate = doneNow / seconds;
        Double eta = finished() ? Double.valueOf(0) : rate > 0 ? (totalNow - doneNow) / rate : null;
        return new Status(id, model, phase, doneNow, totalNow, rate, eta, startedAt, finishedAt, outcome, error,
                new LinkedHashMap<>(details));
    }
}
