package io.seamline.projection.vector;

/**
 * How the sentence model uses the cores: {@code parallelTexts} texts of a batch embedded at once, each run on
 * {@code intraOpThreads} ONNX Runtime threads, which spin-wait for work between runs only if {@code spinWait}.
 */
record EmbedderSettings(int parallelTexts, int intraOpThreads, boolean spinWait) {

    /** One thread per text, a text per core at once, no spinning: the cores go to the texts, not to waiting. */
    static EmbedderSettings defaults() {
        return new EmbedderSettings(Runtime.getRuntime().availableProcessors(), 1, false);
    }

    /** {@code seamline.vectors.model.*}. */
    static EmbedderSettings of(VectorsConfig config) {
        return new EmbedderSettings(config.modelParallelTexts().orElse(Runtime.getRuntime().availableProcessors()),
                config.modelIntraOpThreads(), config.modelSpinWait());
    }

    EmbedderSettings {
        if (parallelTexts < 1 || intraOpThreads < 0) {
            throw new IllegalArgumentException("parallel texts must be >= 1 and intra-op threads >= 0 (0: ONNX "
                    + "Runtime's default, one per physical core)");
        }
    }
}
