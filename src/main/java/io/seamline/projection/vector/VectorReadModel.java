package io.seamline.projection.vector;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.Drift;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.EventModel;
import io.seamline.seam.model.ModelKey;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.reconcile.AggregateRepair;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The vector index as a read model: the live index, opened from {@code seamline.vectors.dir} on first use, fed in
 * consumer group {@value #CONSUMER} from the offsets it logged with its changed vectors (a restart replays at most one
 * checkpoint interval), reconciled on its searchable products, and rebuilt into a fresh directory (reusing the vectors
 * of unchanged texts) that is swapped in while queries keep going to the live index. The Java API other adapters
 * search through.
 */
@ApplicationScoped
@Priority(10)
public class VectorReadModel implements EventModel {

    /** The consumer group, and the projection's name in freshness and contracts. */
    public static final String CONSUMER = "vectors";

    private static final Logger LOG = Logger.getLogger(VectorReadModel.class);

    private final SentenceEmbedder embedder;
    private final VectorsConfig config;
    private final String dataDir;
    private volatile VectorIndex index;
    private ScheduledExecutorService flusher;

    VectorReadModel(SentenceEmbedder embedder, VectorsConfig config, PlatformConfig platform) {
        this.embedder = embedder;
        this.config = config;
        this.dataDir = platform.data().dir();
    }

    /** Where the live index is: {@code seamline.vectors.dir}, by default {@code <seamline.data.dir>/search/vectors}. */
    public Path root() {
        return Path.of(config.dir().orElse(Path.of(dataDir, "search", "vectors").toString())).toAbsolutePath();
    }

    public VectorParams params() {
        return config.params();
    }

    public SentenceEmbedder embedder() {
        return embedder;
    }

    /** The live index, opened from disk the first time it is asked for. */
    public VectorIndex index() {
        VectorIndex current = index;
        if (current == null) {
            synchronized (this) {
                if (index == null) {
                    index = open(root());
                }
                current = index;
            }
        }
        return current;
    }

    VectorIndex open(Path dir) {
        try {
            return VectorIndex.open(dir, params(), embedder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the vector index in " + dir, e);
        }
    }

    /** Queries go to the new index from now on; the old one answered until this moment. */
    synchronized void swapTo(VectorIndex rebuilt) {
        index = rebuilt;
    }

    public VectorAnswer search(String query, int k) {
        return index().search(query, k);
    }

    public VectorAnswer search(float[] vector, int k) {
        return index().search(vector, k);
    }

    /** The nearest {@code k} products of a unit vector that pass the filter (applied inside the search). */
    public VectorAnswer search(float[] vector, int k, SearchFilter filter) {
        return index().search(vector, k, filter);
    }

    /** A query's unit vector, as searches embed it. */
    public float[] embed(String query) {
        return index().embed(query);
    }

    /** How close a searchable product is to a unit vector, on the scale of search scores. */
    public java.util.Optional<Float> score(float[] vector, String productId) {
        return index().score(vector, productId);
    }

    public VectorAnswer exact(float[] vector, int k) {
        return index().exact(vector, k);
    }

    public int count() {
        return index().count();
    }

    public boolean contains(String productId) {
        return index().contains(productId);
    }

    public List<ModelKey> listing() {
        return index().listing();
    }

    public StoredPosition position() {
        return index().position();
    }

    /** Rebuilds the graph of the live index from its stored vectors, embedding nothing. */
    public void rebuildGraph() throws IOException {
        index().rebuildGraph();
    }

    /**
     * Batches checkpoint when the interval has passed, but the last batch before a quiet spell would wait for the next
     * one: the timer saves it, so a restart after an idle crash replays nothing. The timer's thread also writes the
     * full snapshots the change log's growth calls for, so the consumer only ever appends.
     */
    void startFlushing(@Observes @Priority(10) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        long every = params().flushInterval().toMillis();
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vectors-flush")
                .factory());
        flusher.scheduleWithFixedDelay(this::flushIfDue, every, every, TimeUnit.MILLISECONDS);
    }

    /** Checkpoints, and writes a full snapshot when the change log has outgrown it: off the consumer's path. */
    private void flushIfDue() {
        try {
            VectorIndex live = index();
            live.checkpointIfDue();
            live.compactIfDue();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("vector index checkpoint or snapshot failed, retried at the next interval: %s", e);
        }
    }

    /** Saved after the consumer stopped (priority 1), so the last batch is in the checkpoint. */
    void close(@Observes @Priority(5) ShutdownEvent event) {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        VectorIndex current = index;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String name() {
        return CONSUMER;
    }

    @Override
    public String contractFile() {
        return "projections/vectors/contract.yaml";
    }

    /** Searchable once applied: the graph takes each batch in place. */
    @Override
    public void apply(List<ConsumedEvent> batch) throws IOException {
        index().apply(batch);
    }

    @Override
    public void passedOver(Map<Integer, Long> nextOffsets) {
        index().passedOver(nextOffsets);
    }

    /** The graph is in memory: a failing checkpoint's IOException is an outage by itself ({@code ApplyRetries}). */
    @Override
    public PositionStore positionStore() {
        return PositionStore.WITH_ITS_DATA;
    }

    @Override
    public Map<Integer, Long> storedOffsets() {
        return index().position().nextOffsets();
    }

    @Override
    public boolean consuming() {
        return config.enabled();
    }

    /** Checkpoints the index, so its files hold everything applied (a replay's swap reads none of them, but a crash would). */
    @Override
    public void paused() {
        index().close();
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
        return listing();
    }

    @Override
    public void repair(List<Drift> drifts, Function<String, List<ConsumedEvent>> history) throws Exception {
        VectorIndex live = index();
        AggregateRepair.repair(drifts, history, live::remove, live::apply);
        live.checkpoint();
    }

    @Override
    public EventGeneration newGeneration() throws IOException {
        return VectorGeneration.create(this);
    }
}
