package io.seamline.seam.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Directories of a read model rebuilt from the log: the rebuilt generation takes the live directory's name, and the
 * live one is kept as {@code <live>.previous} until the next rebuild, so a bad rebuild can be undone by hand.
 */
public final class Generations {

    private static final int SYNC_THREADS = 16;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private Generations() {
    }

    /** A new directory name beside {@code live} for a rebuild: {@code <live>.rebuild-<time>}. */
    public static Path fresh(Path live) {
        return live.resolveSibling(live.getFileName() + ".rebuild-" + STAMP.format(Instant.now()));
    }

    /**
     * Makes {@code generation} the live directory by two renames; the old live one becomes {@code .previous}. The
     * generation's files and the parent directory are forced to disk first, and the directory again after the
     * renames, so a crash leaves either the old generation live or the new one whole, never a live name missing.
     */
    public static void swapIn(Path live, Path generation) throws IOException {
        Path previous = live.resolveSibling(live.getFileName() + ".previous");
        forceTree(generation);
        deleteRecursively(previous);
        forceDirectory(live.getParent());
        if (Files.exists(live)) {
            Files.move(live, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(generation, live, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(live.getParent());
    }

    /**
     * The directory the live name {@code live} stands for, made a link to a generation directory the first time (a
     * new store): a store whose readers open files by path long after they took the store (the warehouse's lazy
     * scans) reads through the real directory, which no swap moves ({@link #swapInByLink}). A store kept in a plain
     * directory by an earlier version stays there until its first swap.
     */
    public static Path liveByLink(Path live) throws IOException {
        if (!Files.exists(live, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path first = live.resolveSibling(live.getFileName() + ".gen-" + STAMP.format(Instant.now()));
            Files.createDirectories(first);
            link(live, first);
        }
        return live.toRealPath();
    }

    /**
     * Makes {@code generation} live by pointing the link {@code live} at it in one rename, after forcing its files:
     * the generation that was live stays where it is, so readers that still hold it finish, and {@code <live>.previous}
     * links to it until the next swap, which deletes it. (A plain directory from an earlier version is moved aside as
     * {@code <live>.previous} first.)
     */
    public static void swapInByLink(Path live, Path generation) throws IOException {
        forceTree(generation);
        Path previousLink = live.resolveSibling(live.getFileName() + ".previous");
        Path replaced = live.toRealPath();
        if (Files.isSymbolicLink(previousLink)) {
            Path older = previousLink.toRealPath();
            Files.delete(previousLink);
            if (!older.equals(replaced) && !older.equals(generation.toRealPath())) {
                deleteRecursively(older);
            }
        } else {
            deleteRecursively(previousLink);
        }
        if (!Files.isSymbolicLink(live)) {
            Files.move(live, previousLink, StandardCopyOption.ATOMIC_MOVE);
            link(live, generation);
            return;
        }
        link(live, generation);
        link(previousLink, replaced);
    }

    /** Points {@code name} at {@code target} atomically: a new link beside it, renamed over it. */
    private static void link(Path name, Path target) throws IOException {
        Path temporary = name.resolveSibling(name.getFileName() + ".link-tmp");
        Files.deleteIfExists(temporary);
        Files.createSymbolicLink(temporary, target.getFileName());
        forceDirectory(name.getParent());
        Files.move(temporary, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(name.getParent());
    }

    /** Removes a directory no longer needed (a failed rebuild, an older previous generation); absent is fine. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            Files.delete(dir); // the link, not what it points at
            return;
        }
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Forces every file and directory under {@code root} to disk, {@value #SYNC_THREADS} at a time: an fsync waits on
     * the disk, not the CPU, and the file system folds concurrent ones into fewer journal commits. A generation whose
     * files forced nothing as they were written (the warehouse's) is made durable here, once, before it goes live.
     */
    public static void forceTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.toList();
        }
        ExecutorService syncs = Executors.newFixedThreadPool(SYNC_THREADS, Thread.ofPlatform().daemon()
                .name("generation-sync-", 0).factory());
        try {
            List<Future<?>> done = new ArrayList<>(paths.size());
            for (Path path : paths) {
                done.add(syncs.submit(() -> {
                    if (Files.isDirectory(path)) {
                        forceDirectory(path);
                    } else {
                        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                            channel.force(true);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sync : done) {
                sync.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted forcing " + root + " to disk");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            syncs.shutdownNow();
        }
    }

    /** Forces a directory's entries (a rename in it) to disk. */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot open a directory for sync; the rename is still atomic there
        }
    }
}
