package io.seamline.seam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories of a read model rebuilt from the log: the rebuilt generation takes the live directory's name, and the
 * live one is kept as {@code <live>.previous} until the next rebuild, so a bad rebuild can be undone by hand.
 */
public final class Generations {

    private Generations() {
    }

    /** Makes {@code generation} the live directory by two renames; the old live one becomes {@code .previous}. */
    public static void swapIn(Path live, Path generation) throws IOException {
        Path previous = live.resolveSibling(live.getFileName() + ".previous");
        deleteRecursively(previous);
        if (Files.exists(live)) {
            Files.move(live, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(generation, live, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a directory no longer needed (a failed rebuild, an older previous generation); absent is fine. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
