package io.seamline.projection.vector;

/** Small vector helpers on primitive arrays for the hot paths (exact scans, normalising embeddings). */
final class VectorMath {

    private VectorMath() {
    }

    /** The vector scaled to length 1, so dot product equals cosine similarity; a zero vector stays zero. */
    public static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = v.clone();
        if (sum == 0) {
            return out;
        }
        float scale = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    public static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * Cosine similarity mapped to [0, 1] as jvector's {@code COSINE}/{@code DOT_PRODUCT} report it, so exact and
     * approximate scores compare directly.
     */
    public static float score(float[] a, float[] b) {
        return (1 + dot(a, b)) / 2;
    }
}
