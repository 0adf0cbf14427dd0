package io.seamline.projection.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The MiniLM-L6 (quantized, 384 dimensions) sentence model, loaded once from its jar, embedding texts into unit vectors. */
@ApplicationScoped
public class SentenceEmbedder implements TextEmbedder {

    public static final int DIMENSION = 384;

    private final MiniLmModel model;
    private final AtomicLong embedded = new AtomicLong();

    /** The model with {@link EmbedderSettings#defaults()}. */
    public SentenceEmbedder() {
        this(EmbedderSettings.defaults());
    }

    @Inject
    SentenceEmbedder(VectorsConfig config) {
        this(EmbedderSettings.of(config));
    }

    /** The model using the cores as {@code settings} say. */
    SentenceEmbedder(EmbedderSettings settings) {
        // The ONNX session is the expensive part (tens of MB, ~1 s): one per process, shared by live and rebuild.
        this.model = new MiniLmModel(settings);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text.isBlank() ? "-" : text)); // the model refuses blank segments
        }
        // One call for the whole batch: the model spreads the texts over its thread pool.
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(VectorMath.normalised(embedding.vector()));
        }
        embedded.addAndGet(texts.size());
        return vectors;
    }

    /** How many texts this embedder has embedded since it was created (tests and metrics count re-embedding with it). */
    public long embeddedTexts() {
        return embedded.get();
    }
}
