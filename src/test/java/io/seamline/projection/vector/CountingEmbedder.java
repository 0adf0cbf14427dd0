package io.seamline.projection.vector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real model, shared by the unit tests (loaded once), counting the texts and calls it embeds. */
final class CountingEmbedder implements TextEmbedder {

    private static final SentenceEmbedder MODEL = new SentenceEmbedder();

    final AtomicInteger texts = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public int dimension() {
        return MODEL.dimension();
    }

    @Override
    public List<float[]> embedAll(List<String> batch) {
        calls.incrementAndGet();
        texts.addAndGet(batch.size());
        return MODEL.embedAll(batch);
    }

    /** A query embedded without counting it as indexing work. */
    float[] query(String text) {
        return MODEL.embed(text);
    }
}
