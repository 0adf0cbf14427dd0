package io.seamline.projection.vector;

import java.util.List;

/** Turns texts into unit-length vectors of one fixed dimension; the seam the index uses so a rebuild can reuse vectors. */
public interface TextEmbedder {

    int dimension();

    /** One normalised vector per text, in order; implementations embed the whole list in one call. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
