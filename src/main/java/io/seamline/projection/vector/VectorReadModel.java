package io.seamline.projection.vector;

import io.quarkus.runtime.ShutdownEvent;
import io.seamline.seam.StoredPosition;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The live vector index of the application, opened from {@code seamline.vectors.dir} on first use: the Java API other
 * adapters search through, and the one place a rebuilt index is swapped in.
 */
@ApplicationScoped
public class VectorReadModel {

    /** The consumer group, and the projection's name in freshness and contracts. */
    public static final String CONSUMER = "vectors";

    @ConfigProperty(name = "seamline.data.dir", defaultValue = "data")
    String dataDir;
    @ConfigProperty(name = "seamline.vectors.dir")
    Optional<String> vectorsDir;
    @ConfigProperty(name = "seamline.vectors.m", defaultValue = "16")
    int maxDegree;
    @ConfigProperty(name = "seamline.vectors.beam-width", defaultValue = "100")
    int beamWidth;
    @ConfigProperty(name = "seamline.vectors.neighbor-overflow", defaultValue = "1.2")
    float neighborOverflow;
    @ConfigProperty(name = "seamline.vectors.alpha", defaultValue = "1.2")
    float alpha;
    @ConfigProperty(name = "seamline.vectors.search-candidates", defaultValue = "40")
    int searchCandidates;
    @ConfigProperty(name = "seamline.vectors.flush-interval", defaultValue = "1s")
    Duration flushInterval;

    private final SentenceEmbedder embedder;
    private volatile VectorIndex index;

    VectorReadModel(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    /** Where the live index is: {@code seamline.vectors.dir}, by default {@code <seamline.data.dir>/search/vectors}. */
    public Path root() {
        return Path.of(vectorsDir.orElse(Path.of(dataDir, "search", "vectors").toString())).toAbsolutePath();
    }

    public VectorParams params() {
        return new VectorParams(maxDegree, beamWidth, neighborOverflow, alpha, searchCandidates, flushInterval);
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

    public VectorAnswer exact(float[] vector, int k) {
        return index().exact(vector, k);
    }

    public int count() {
        return index().count();
    }

    public boolean contains(String productId) {
        return index().contains(productId);
    }

    public List<IndexedProduct> listing() {
        return index().listing();
    }

    public StoredPosition position() {
        return index().position();
    }

    /** Rebuilds the graph of the live index from its stored vectors, embedding nothing. */
    public void rebuildGraph() throws IOException {
        index().rebuildGraph();
    }

    /** Saved after the consumer stopped (priority 1), so the last batch is in the checkpoint. */
    void close(@Observes @Priority(5) ShutdownEvent event) {
        VectorIndex current = index;
        if (current != null) {
            current.close();
        }
    }
}
