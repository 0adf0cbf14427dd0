package io.seamline.projection.search;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.seam.Generations;
import io.seamline.seam.ProjectionRunner;
import io.seamline.seam.ProjectionRunners;
import jakarta.inject.Inject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the live keyword index from the event topic in consumer group {@value #GROUP}, resuming at the offsets
 * of the index's last commit (the group's offsets are only a copy for monitoring), and swaps in a rebuilt index.
 */
@ApplicationScoped
public class KeywordConsumer {

    public static final String GROUP = "search";

    private static final Logger LOG = Logger.getLogger(KeywordConsumer.class);

    @ConfigProperty(name = "seamline.data.dir", defaultValue = "data")
    String dataDir;
    @ConfigProperty(name = "seamline.search.dir")
    Optional<String> searchDir;
    @ConfigProperty(name = "seamline.search.keyword.title-boost", defaultValue = "2.0")
    float titleBoost;
    @ConfigProperty(name = "seamline.search.keyword.commit-interval", defaultValue = "10s")
    Duration commitInterval;

    @Inject
    ProjectionRunners runners;

    private volatile KeywordIndex index;
    private ProjectionRunner runner;
    /** Commits what the last batches applied once the interval has passed, also when no further batch comes. */
    private ScheduledExecutorService committer;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        start();
    }

    /** Consumers stop first on shutdown: the batch in hand is applied and committed with its position. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    /** Opens the index from its directory and consumes from the position of its last commit. */
    public synchronized void start() {
        if (index == null) {
            index = KeywordIndex.open(root(), titleBoost, commitInterval);
            LOG.infof("keyword index open in %s at %s", root(), index.position().nextOffsets());
        }
        if (committer == null && !commitInterval.isZero()) {
            committer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("keyword-commit").factory());
            committer.scheduleWithFixedDelay(this::commitIfDue, commitInterval.toMillis(), commitInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        resume();
    }

    /** Stops consuming after the batch in hand, and closes the index (a restart reads it again from disk). */
    public synchronized void stop() {
        pause();
        if (committer != null) {
            committer.shutdownNow();
            committer = null;
        }
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.warnf("closing the keyword index: %s", e);
            }
            index = null;
        }
    }

    private void commitIfDue() {
        KeywordIndex current = index;
        try {
            if (current != null) {
                current.commitIfDue();
            }
        } catch (IOException | RuntimeException e) {
            // a swap or stop closed it meanwhile, or the disk refused: the next batch or close commits again
            LOG.debugf("keyword index commit skipped: %s", e);
        }
    }

    /** Stops consuming after the batch in hand; the index keeps answering queries. */
    public synchronized void pause() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }

    /** Consumes again from the position of the index's last commit. */
    public synchronized void resume() {
        if (runner == null && index != null) {
            KeywordIndex feeding = index; // the runner feeds the index it started with, even across a swap
            // searchable once applied: the index refreshes its reader per batch
            runner = runners.resumingFrom(() -> feeding.position().nextOffsets(), GROUP, feeding::apply,
                    feeding::requireWritable);
            runner.start();
        }
    }

    /**
     * Makes the index built in {@code generation} the live one while consuming is paused: the live directory
     * becomes {@code .previous} (kept until the next rebuild) and the generation takes its name. Queries keep
     * reading the old index's open files until the reference switches, so none waits.
     */
    synchronized void swapIn(Path generation) throws IOException {
        if (runner != null) {
            throw new IllegalStateException("pause the keyword consumer before swapping its index");
        }
        Path live = root();
        KeywordIndex old = index;
        if (old != null) {
            old.stopWriting();
        }
        Generations.swapIn(live, generation);
        index = KeywordIndex.open(live, titleBoost, commitInterval);
        if (old != null) {
            old.close(); // searches still holding its searcher finish first: readers are reference-counted
        }
    }

    /** The live index; a query that finds it closed by a swap asks again. */
    KeywordIndex index() {
        KeywordIndex current = index;
        return current != null ? current : currentIndex();
    }

    /** The live index once a swap or restart in progress has finished. */
    synchronized KeywordIndex currentIndex() {
        if (index == null) {
            throw new IllegalStateException("the keyword index is not open");
        }
        return index;
    }

    /** Where the live index is: {@code <seamline.search.dir>/keyword}, by default {@code <seamline.data.dir>/search/keyword}. */
    public Path root() {
        return Path.of(searchDir.orElse(Path.of(dataDir, "search").toString())).resolve("keyword").toAbsolutePath();
    }

    String topic() {
        return runners.topic();
    }

    /** A consumer of the log outside any group, for a rebuild. */
    KafkaConsumer<String, byte[]> reader(int maxPollRecords) {
        return runners.reader(maxPollRecords);
    }

    float titleBoost() {
        return titleBoost;
    }

    Duration commitInterval() {
        return commitInterval;
    }

    /** The runner feeding the live index, null while paused. */
    public synchronized ProjectionRunner runner() {
        return runner;
    }
}
