package io.seamline.projection.vector;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.Generations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A vector index rebuilt in a directory beside the live one, embedding only the texts the live index has no vector
 * for; at the swap it takes the live directory's name and is opened from its files (the graph loads, nothing is
 * embedded).
 */
final class VectorGeneration implements EventGeneration {

    private final VectorReadModel live;
    private final ReusingEmbedder embedder;
    private final VectorIndex fresh;
    private final Path directory;
    private boolean swapped;

    private VectorGeneration(VectorReadModel live, ReusingEmbedder embedder, VectorIndex fresh, Path directory) {
        this.live = live;
        this.embedder = embedder;
        this.fresh = fresh;
        this.directory = directory;
    }

    static VectorGeneration create(VectorReadModel live) throws IOException {
        Path directory = Generations.fresh(live.root());
        ReusingEmbedder embedder = new ReusingEmbedder(live.embedder(), live.index().vectorsByTextHash());
        // no checkpoints while catching up: the fresh directory is thrown away if the rebuild fails anyway
        VectorIndex fresh = VectorIndex.open(directory, live.params().withFlushInterval(Duration.ofDays(365)),
                embedder);
        return new VectorGeneration(live, embedder, fresh, directory);
    }

    @Override
    public void apply(List<ConsumedEvent> batch) throws IOException {
        fresh.apply(batch);
    }

    /** The embedder's batches: a poll's worth, as the live consumer applies them. */
    @Override
    public int batchSize() {
        return 500;
    }

    @Override
    public void swapIn() throws IOException {
        fresh.close();
        Generations.swapIn(live.root(), directory);
        live.swapTo(live.open(live.root()));
        swapped = true;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("embedded", embedder.embedded(), "reused", embedder.reused(), "searchable", live.count());
    }

    @Override
    public void close() throws IOException {
        if (!swapped) {
            Generations.deleteRecursively(directory);
        }
    }
}
