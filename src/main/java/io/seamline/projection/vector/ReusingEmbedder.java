package io.seamline.projection.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An embedder that answers from vectors already computed for the same text (by hash) and embeds only the rest, in
 * one call: a rebuild from the log re-embeds only texts the live index never saw.
 */
final class ReusingEmbedder implements TextEmbedder {

    private final TextEmbedder delegate;
    private final Map<Long, float[]> known;
    private long reused;
    private long embedded;

    public ReusingEmbedder(TextEmbedder delegate, Map<Long, float[]> known) {
        this.delegate = delegate;
        this.known = known;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<String> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        for (String text : texts) {
            float[] vector = known.get(ProductText.hash(text));
            if (vector == null) {
                missingAt.add(out.size());
                missing.add(text);
            } else {
                reused++;
            }
            out.add(vector);
        }
        List<float[]> fresh = delegate.embedAll(missing);
        for (int i = 0; i < fresh.size(); i++) {
            out.set(missingAt.get(i), fresh.get(i));
        }
        embedded += missing.size();
        return out;
    }

    public long reused() {
        return reused;
    }

    public long embedded() {
        return embedded;
    }
}
