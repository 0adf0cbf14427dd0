package io.seamline.projection.search;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.EventGeneration;
import io.seamline.seam.model.Generations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A keyword index rebuilt in a directory beside the live one, which it replaces at the swap. */
final class KeywordGeneration implements EventGeneration {

    private final KeywordIndex fresh;
    private final Path directory;
    private final KeywordReadModel live;
    private long documents;
    private boolean swapped;

    KeywordGeneration(KeywordIndex fresh, Path directory, KeywordReadModel live) {
        this.fresh = fresh;
        this.directory = directory;
        this.live = live;
    }

    @Override
    public void apply(List<ConsumedEvent> batch) throws IOException {
        fresh.apply(batch); // each batch committed with its position, as the live index commits
    }

    @Override
    public void swapIn() throws IOException {
        fresh.refresh(); // the count reads what searches see
        documents = fresh.count();
        fresh.close();
        live.swapIn(directory);
        swapped = true;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("generation", live.root().getFileName().toString(), "documents", documents);
    }

    @Override
    public void close() throws IOException {
        if (!swapped) {
            fresh.close();
            Generations.deleteRecursively(directory);
        }
    }
}
