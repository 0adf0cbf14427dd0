package io.seamline.projection.search;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.consume.ProjectionRunner;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.EventModel;
import io.seamline.seam.model.Generations;
import io.seamline.seam.model.ModelConsumers;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.reconcile.AggregateRepair;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The keyword index as a read model: the live Lucene index, fed in consumer group {@value #GROUP} from the offsets of
 * its last commit (the group's offsets are only a copy for monitoring), reconciled on its live products, and rebuilt
 * into a fresh directory that is swapped in while queries keep reading the old one.
 */
@ApplicationScoped
@Priority(20)
class KeywordReadModel implements EventModel {

    public static final String GROUP = "search";

    private static final Logger LOG = Logger.getLogger(KeywordReadModel.class);

    @Inject
    PlatformConfig platform;
    @Inject
    SearchConfig config;
    @Inject
    ModelConsumers consumers;

    private volatile KeywordIndex index;
    /** Where the live index says how far searches see: the consumer reports a batch as applied only then. */
    private volatile ProjectionRunner.Visibility visibility = (nextOffsets, at) -> { };
    /** Commits what the last batches applied once the interval has passed, also when no further batch comes. */
    private ScheduledExecutorService committer;

    /** Before the shared loop starts feeding it (priority 20). */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        open();
    }

    /** After the shared loop stopped feeding it (priority 1): the batch in hand is committed with its position. */
    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        close();
    }

    /** Opens the index from its directory and consumes from the position of its last commit. */
    public void start() {
        open();
        consumers.resume(GROUP);
    }

    /** Stops consuming after the batch in hand, and closes the index (a restart reads it again from disk). */
    public void stop() throws Exception {
        consumers.pause(GROUP);
        close();
    }

    private synchronized void open() {
        if (index == null) {
            index = openLive();
            LOG.infof("keyword index open in %s at %s", root(), index.position().nextOffsets());
        }
        Duration commitInterval = config.keyword().commitInterval();
        if (committer == null && !commitInterval.isZero()) {
            committer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("keyword-commit").factory());
            committer.scheduleWithFixedDelay(this::commitIfDue, commitInterval.toMillis(), commitInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void close() {
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

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public String contractFile() {
        return "projections/search/contract.yaml";
    }

    /** Searchable once the index refreshes its reader: at once, or at most the refresh interval later. */
    @Override
    public void apply(List<ConsumedEvent> batch) throws IOException {
        currentIndex().apply(batch);
    }

    /** With a refresh interval, a batch is searchable (and reported applied) only once a refresh includes it. */
    @Override
    public boolean visibleLater() {
        return !config.keyword().refreshInterval().isZero();
    }

    @Override
    public void reportVisibility(ProjectionRunner.Visibility to) {
        visibility = to;
    }

    /** The batch in hand was the last: searchable now, so a swap or a reader of a paused index misses none. */
    @Override
    public void paused() throws IOException {
        currentIndex().refresh();
    }

    @Override
    public void passedOver(Map<Integer, Long> nextOffsets) throws IOException {
        currentIndex().passedOver(nextOffsets);
    }

    @Override
    public void requireWritable() {
        currentIndex().requireWritable();
    }

    @Override
    public PositionStore positionStore() {
        return PositionStore.WITH_ITS_DATA;
    }

    @Override
    public Map<Integer, Long> storedOffsets() {
        return currentIndex().position().nextOffsets();
    }

    @Override
    public Set<String> aggregateTypes() {
        return Set.of("Product");
    }

    @Override
    public boolean liveOnly() {
        return true;
    }

    @Override
    public List<ModelKey> keys() {
        try {
            return currentIndex().products();
        } catch (IOException e) {
            throw new IllegalStateException("could not list the keyword index", e);
        }
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        KeywordIndex live = currentIndex();
        AggregateRepair.repair(drifts, history, live::remove, live::apply);
        live.refresh(); // the reconciliation reads the repaired keys back at once
        live.commit();
    }

    @Override
    public EventGeneration newGeneration() {
        Path generation = Generations.fresh(root());
        return new KeywordGeneration(openIndex(generation), generation, this);
    }

    /**
     * Makes the index built in {@code generation} the live one while consuming is paused: the live directory
     * becomes {@code .previous} (kept until the next rebuild) and the generation takes its name. Queries keep
     * reading the old index's open files until the reference switches, so none waits.
     */
    synchronized void swapIn(Path generation) throws IOException {
        if (consumers.runner(GROUP).isPresent()) {
            throw new IllegalStateException("pause the keyword consumer before swapping its index");
        }
        Path live = root();
        KeywordIndex old = index;
        if (old != null) {
            old.stopWriting();
        }
        Generations.swapIn(live, generation);
        index = openLive();
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
        return Path.of(config.dir().orElse(Path.of(platform.data().dir(), "search").toString())).resolve("keyword")
                .toAbsolutePath();
    }

    private KeywordIndex openIndex(Path directory) {
        return KeywordIndex.open(directory, config.keyword().titleBoost(), config.keyword().commitInterval(),
                config.keyword().refreshInterval(), config.keyword().unsearchedAttributes());
    }

    /** The live index, telling the consumer of the moment in hand how far searches see (a rebuild's does not). */
    private KeywordIndex openLive() {
        KeywordIndex live = openIndex(root());
        live.reportVisibility((nextOffsets, at) -> visibility.visible(nextOffsets, at));
        return live;
    }
}
