package io.seamline.projection.vector;

import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.util.Arrays;

/** The graph's vectors by ordinal, growing as nodes are added; a freed ordinal holds null. Single writer. */
final class OrdinalVectors implements RandomAccessVectorValues {

    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final int dimension;
    private volatile VectorFloat<?>[] vectors;
    private volatile int size;

    OrdinalVectors(int dimension, int capacity) {
        this.dimension = dimension;
        this.vectors = new VectorFloat<?>[Math.max(16, capacity)];
    }

    void set(int ordinal, float[] vector) {
        if (ordinal >= vectors.length) {
            vectors = Arrays.copyOf(vectors, Math.max(ordinal + 1, vectors.length * 2));
        }
        vectors[ordinal] = vector == null ? null : VTS.createFloatVector(vector);
        if (ordinal >= size) {
            size = ordinal + 1;
        }
    }

    VectorFloat<?> vector(float[] values) {
        return VTS.createFloatVector(values);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public VectorFloat<?> getVector(int ordinal) {
        return vectors[ordinal];
    }

    @Override
    public boolean isValueShared() {
        return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
        return this; // values are never shared buffers, so one instance serves every thread
    }
}
