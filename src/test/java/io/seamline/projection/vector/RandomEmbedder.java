package io.seamline.projection.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A stand-in model for tests about mechanics, not meaning: each text gets a random unit vector seeded by its hash. */
final class RandomEmbedder implements TextEmbedder {

    private final int dimension;

    RandomEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            Random random = new Random(ProductText.hash(text));
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                v[i] = (float) random.nextGaussian();
            }
            vectors.add(VectorMath.normalised(v));
        }
        return vectors;
    }
}
