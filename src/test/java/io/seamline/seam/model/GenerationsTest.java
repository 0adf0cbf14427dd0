package io.seamline.seam.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A generation swapped in by link leaves the replaced one where its readers are, until the swap after. */
class GenerationsTest {

    @Test
    void aSwapByLink_keepsTheReplacedGenerationReadableWhereItWas_andTheSwapAfterDeletesIt(@TempDir Path data)
            throws IOException {
        Path live = data.resolve("warehouse");
        Path first = Generations.liveByLink(live);
        Files.writeString(first.resolve("table"), "first");

        Path second = generation(live, "second");
        Generations.swapInByLink(live, second);

        assertEquals("second", Files.readString(live.resolve("table")));
        assertEquals("first", Files.readString(first.resolve("table")), "a reader holding the replaced one reads on");
        assertEquals(first.toRealPath(), data.resolve("warehouse.previous").toRealPath());

        Path third = generation(live, "third");
        Generations.swapInByLink(live, third);

        assertEquals("third", Files.readString(live.resolve("table")));
        assertThat(first).doesNotExist();
        assertEquals(second.toRealPath(), data.resolve("warehouse.previous").toRealPath());
        assertThat(data.resolve("warehouse.link-tmp")).doesNotExist();
    }

    @Test
    void aPlainLiveDirectory_ofAnEarlierVersion_isMovedAsideAtItsFirstSwap(@TempDir Path data) throws IOException {
        Path live = Files.createDirectories(data.resolve("warehouse"));
        Files.writeString(live.resolve("table"), "plain");
        assertEquals(live.toRealPath(), Generations.liveByLink(live));

        Generations.swapInByLink(live, generation(live, "rebuilt"));

        assertEquals("rebuilt", Files.readString(live.resolve("table")));
        assertEquals("plain", Files.readString(data.resolve("warehouse.previous").resolve("table")));
    }

    private static Path generation(Path live, String content) throws IOException {
        Path generation = Files.createDirectories(live.resolveSibling(live.getFileName() + ".rebuild-" + content));
        Files.writeString(generation.resolve("table"), content);
        return generation;
    }
}
