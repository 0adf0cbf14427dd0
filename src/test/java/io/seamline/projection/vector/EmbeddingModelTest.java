package io.seamline.projection.vector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The sentence model and the product text it is given: unit vectors of 384 dimensions, batch equals single. */
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
