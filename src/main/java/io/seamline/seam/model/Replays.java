package io.seamline.seam.model;

import io.quarkus.runtime.ShutdownEvent;
import io.seamline.domain.Conflict;
import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Replays of read models as background jobs: at most one per model at a time, each run by the one {@link LogReplay};
 * the newest {@value #KEPT} jobs stay readable by id after they ended.
 */
@ApplicationScoped
public class Replays {

    static final int KEPT = 100;
    /** The {@code from} of a replay that reads the topic: the default. */
    public static final String FROM_KAFKA = "kafka";

    private final ReadModels models;
    private final LogReplay replay;
    private final Map<String, Semaphore> oneAtATime = new ConcurrentHashMap<>();
    private final Map<String, ReplayJob> jobs = new LinkedHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("replay-", 0).factory());

    Replays(ReadModels models, LogReplay replay) {
        this.models = models;
        this.replay = replay;
    }

    /**
     * Starts rebuilding {@code model} in the background and returns its job at once: from the topic when {@code from}
     * is absent or {@value #FROM_KAFKA}, from the raw records the live model retains when it names them
     * ({@link ReadModel#retainedRaw}). Refused (404) for a model that does not exist, naming those that do, (400) for
     * another {@code from}, and (409) while a replay of the same model runs.
     */
    public ReplayJob start(String model, String from) {
        ReadModel target = known(model);
        ReplaySource source = source(target, from);
        Semaphore gate = gate(model);
        if (!gate.tryAcquire()) {
            throw new Conflict("replay-running", "model", "a replay of " + model + " is running: "
                    + running(model).map(j -> "GET /api/admin/replays/" + j.id()).orElse("it ends soon"));
        }
        ReplayJob job = remember(new ReplayJob(UUID.randomUUID().toString(), model));
        try {
            workers.execute(() -> {
                try {
                    replay.run(target, job, source);
                } finally {
                    gate.release();
                }
            });
        } catch (RuntimeException e) {
            gate.release();
            throw e;
        }
        return job;
    }

    private static ReplaySource source(ReadModel model, String from) {
        if (from == null || from.equals(FROM_KAFKA)) {
            return ReplaySource.LOG;
        }
        if (model.retainedRaw().filter(from::equals).isPresent()) {
            return ReplaySource.RETAINED;
        }
        throw new RuleViolation("invalid-parameter", "from", model.retainedRaw()
                .map(raw -> "from must be " + FROM_KAFKA + " or " + raw + " for " + model.name())
                .orElse("from must be " + FROM_KAFKA + " for " + model.name() + ", which retains no raw records to "
                        + "rebuild from") + "; got " + from);
    }

    /**
     * Rebuilds {@code model} now, on the caller's thread, from the event store when {@code fromEventStore} (a repair:
     * a record the topic holds but the event store does not would come back from the topic); waits for a replay of
     * the same model that runs. Throws when the rebuild fails.
     */
    public ReplayJob.Status runNow(String model, boolean fromEventStore) throws InterruptedException {
        ReadModel target = known(model);
        Semaphore gate = gate(model);
        gate.acquire();
        try {
            ReplayJob job = remember(new ReplayJob(UUID.randomUUID().toString(), model));
            replay.run(target, job, fromEventStore ? ReplaySource.EVENT_STORE : ReplaySource.LOG);
            ReplayJob.Status status = job.status();
            if (status.outcome() != ReplayJob.Outcome.SUCCEEDED) {
                throw new IllegalStateException("the rebuild of " + model + " failed: " + status.error());
            }
            return status;
        } finally {
            gate.release();
        }
    }

    public Optional<ReplayJob> job(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private Optional<ReplayJob> running(String model) {
        synchronized (jobs) {
            return jobs.values().stream().filter(j -> j.model().equals(model) && !j.finished()).findFirst();
        }
    }

    private ReplayJob remember(ReplayJob job) {
        synchronized (jobs) {
            jobs.put(job.id(), job);
            if (jobs.size() > KEPT) {
                List<String> ended = jobs.values().stream().filter(ReplayJob::finished).map(ReplayJob::id)
                        .limit(jobs.size() - KEPT).toList();
                ended.forEach(jobs::remove);
            }
        }
        return job;
    }

    private ReadModel known(String model) {
        return models.named(model).orElseThrow(() -> new NotFound("read model",
                model + " (known: " + String.join(", ", models.names()) + ")"));
    }

    private Semaphore gate(String model) {
        return oneAtATime.computeIfAbsent(model, m -> new Semaphore(1));
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }
}
