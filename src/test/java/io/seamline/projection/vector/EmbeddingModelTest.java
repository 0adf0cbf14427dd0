package io.seamline.projection.vector;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The sentence model and the product text it is given: unit vectors of 384 dimensions, batch equals single, the same
 * vectors as langchain4j's own session of the model, on an ONNX session that does not spin.
 */
class EmbeddingModelTest {

    private static final SentenceEmbedder MODEL = new SentenceEmbedder();

    @Test
    void embedAll_unitVectorsInOrder_sameAsOneByOne() {
        List<String> texts = List.of("Stainless steel electric kettle", "Non-slip yoga mat", "");
        List<float[]> batch = MODEL.embedAll(texts);
        assertEquals(3, batch.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(SentenceEmbedder.DIMENSION, batch.get(i).length);
            assertThat(VectorMath.dot(batch.get(i), batch.get(i))).isCloseTo(1f, within(1e-4f));
            assertArrayEquals(MODEL.embed(texts.get(i)), batch.get(i), 1e-5f);
        }
        assertThat(VectorMath.score(MODEL.embed("boil water for tea"), batch.get(0)))
                .isGreaterThan(VectorMath.score(MODEL.embed("boil water for tea"), batch.get(1)));
    }

    @Test
    void sessionOptions_byDefault_noSpinWaitAndOneThreadPerText() throws OrtException {
        assertEquals(1, EmbedderSettings.defaults().intraOpThreads());
        try (OrtSession.SessionOptions options = MiniLmModel.sessionOptions(EmbedderSettings.defaults())) {
            assertEquals("0", options.getConfigEntries().get("session.intra_op.allow_spinning"));
            assertEquals("0", options.getConfigEntries().get("session.inter_op.allow_spinning"));
        }
        try (OrtSession.SessionOptions options = MiniLmModel.sessionOptions(new EmbedderSettings(2, 0, true))) {
            assertEquals("1", options.getConfigEntries().get("session.intra_op.allow_spinning"));
        }
    }

    @Test
    void embed_ownSession_sameVectorsAsLangchain4jsDefaultSession() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("Stainless steel electric kettle", "Non-slip yoga mat, 6 mm, purple")) {
            float[] expected = VectorMath.normalised(reference.embed(TextSegment.from(text)).content().vector());
            assertArrayEquals(expected, MODEL.embed(text), 1e-5f);
        }
    }

    @Test
    void productText_titleAndDescription_truncatedOnAWordBoundary() {
        assertEquals("Kettle. Boils fast", ProductText.of("Kettle ", " Boils fast"));
        assertEquals("Kettle", ProductText.of("Kettle", null));
        String long_ = ProductText.of("Kettle", "word ".repeat(400));
        assertThat(long_.length()).isLessThanOrEqualTo(ProductText.MAX_CHARS);
        assertThat(long_).endsWith("word");
        assertEquals(ProductText.hash("a"), ProductText.hash("a"));
        assertNotEquals(ProductText.hash("a"), ProductText.hash("b"));
    }
}
