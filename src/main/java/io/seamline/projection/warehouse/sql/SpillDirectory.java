package io.seamline.projection.warehouse.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directory one statement's DuckDB may spill to ({@code temp_directory}), a fresh one under a common root so
 * that statements running at once never share files; deleted with what is in it when the statement ends.
 */
final class SpillDirectory implements AutoCloseable {

    private final Path path;

    private SpillDirectory(Path path) {
        this.path = path;
    }

    static SpillDirectory create(Path root) {
        try {
            return new SpillDirectory(Files.createDirectories(root.resolve(UUID.randomUUID().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for SQL under " + root, e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        delete(path);
    }

    /** Deletes what statements of an earlier run left under {@code root} (a crash skips their clean-up). */
    static void purge(Path root) {
        if (Files.isDirectory(root)) {
            try (Stream<Path> leftovers = Files.list(root)) {
                leftovers.forEach(SpillDirectory::delete);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear the SQL temp directory " + root, e);
            }
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the SQL temp directory " + path, e);
        }
    }
}
