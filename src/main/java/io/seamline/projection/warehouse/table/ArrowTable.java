package io.seamline.projection.warehouse.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A versioned table of Arrow IPC files in one directory. Each commit writes a manifest
 * ({@code _manifests/<version>.json}) atomically (temporary name, fsync, rename; the fsyncs left to the swap for the
 * tables of a generation being built, see {@link Sync}); a version is exactly the files its manifest lists, so a crash leaves at most unlisted files behind, which readers never see and
 * {@link #vacuum} removes. Every {@value #CHECKPOINT_INTERVAL} versions, and at each vacuum that expires some, the
 * retained versions are written into one {@link ManifestCheckpoint} and the manifests it covers removed, so opening
 * a table reads one checkpoint and fewer than {@value #CHECKPOINT_INTERVAL} manifests however many versions it
 * retains. One writer per table (the warehouse's pipeline thread); any number of readers.
 */
public final class ArrowTable {

    static final String MANIFESTS = "_manifests";
    /** Versions between checkpoints: at most this many files (a checkpoint and the manifests after it) open reads. */
    static final int CHECKPOINT_INTERVAL = 100;
    private static final String MANIFEST_NAME = "\\d+\\.json";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final Path dir;
    private final String name;
    private final Schema schema;
    private final Clock clock;
    private final Sync sync;
    /** Every retained version, loaded once: manifests are small and a reader must not list the directory. */
    private final ConcurrentSkipListMap<Long, TableManifest> versions = new ConcurrentSkipListMap<>();
    private volatile TableManifest current;
    /** The files opening the table read (checkpoint and manifests): what a start-up costs, for tests to bound. */
    private int filesReadAtOpen;

    private ArrowTable(Path dir, String name, Schema schema, Clock clock, Sync sync) {
        this.dir = dir;
        this.name = name;
        this.schema = schema;
        this.clock = clock;
        this.sync = sync;
    }

    /** Opens (or creates) the table at {@code dir}, each commit durable when it returns ({@link Sync#EACH_COMMIT}). */
    public static ArrowTable open(Path dir, String name, Schema schema, Clock clock) {
        return open(dir, name, schema, clock, Sync.EACH_COMMIT);
    }

    /**
     * Opens (or creates) the table at {@code dir}: reads its newest checkpoint and the manifests committed after it,
     * and takes the newest version as current.
     */
    public static ArrowTable open(Path dir, String name, Schema schema, Clock clock, Sync sync) {
        ArrowTable table = new ArrowTable(dir, name, schema, clock, sync);
        Path manifests = dir.resolve(MANIFESTS);
        try {
            Files.createDirectories(manifests);
            List<Path> listed;
            try (Stream<Path> files = Files.list(manifests)) {
                listed = files.toList();
            }
            Path checkpoint = listed.stream().filter(ArrowTable::isCheckpoint)
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString())).orElse(null);
            long covered = 0;
            if (checkpoint != null) {
                for (TableManifest manifest : table.readCheckpoint(checkpoint).manifests()) {
                    table.versions.put(manifest.version(), manifest);
                }
                table.filesReadAtOpen++;
                covered = table.versions.isEmpty() ? 0 : table.versions.lastKey();
            }
            for (Path file : listed) {
                String fileName = file.getFileName().toString();
                // a manifest the checkpoint covers is one a crash kept from being removed: the checkpoint has it
                if (fileName.matches(MANIFEST_NAME) && Long.parseLong(fileName.substring(0, fileName.length() - 5))
                        > covered) {
                    TableManifest manifest = table.read(file);
                    table.versions.put(manifest.version(), manifest);
                    table.filesReadAtOpen++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open table " + name + " at " + dir, e);
        }
        table.current = table.versions.isEmpty() ? TableManifest.empty(name) : table.versions.lastEntry().getValue();
        return table;
    }

    private static boolean isCheckpoint(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.startsWith(ManifestCheckpoint.PREFIX) && fileName.endsWith(".json");
    }

    private ManifestCheckpoint readCheckpoint(Path file) throws IOException {
        ManifestCheckpoint checkpoint = JSON.readValue(file.toFile(), ManifestCheckpoint.class);
        if (!ManifestCheckpoint.FORMAT.equals(checkpoint.format())
                || checkpoint.formatVersion() > ManifestCheckpoint.FORMAT_VERSION) {
            throw new IOException(file + ": format " + checkpoint.format() + " v" + checkpoint.formatVersion()
                    + " is not one this build reads (" + ManifestCheckpoint.FORMAT + " v"
                    + ManifestCheckpoint.FORMAT_VERSION + ")");
        }
        return checkpoint;
    }

    /** How many files opening the table read: its checkpoint, if any, and the manifests after it. */
    int filesReadAtOpen() {
        return filesReadAtOpen;
    }

    private TableManifest read(Path file) throws IOException {
        TableManifest manifest = JSON.readValue(file.toFile(), TableManifest.class);
        if (!TableManifest.FORMAT.equals(manifest.format()) || manifest.formatVersion() > TableManifest.FORMAT_VERSION) {
            throw new IOException(file + ": format " + manifest.format() + " v" + manifest.formatVersion()
                    + " is not one this build reads (" + TableManifest.FORMAT + " v" + TableManifest.FORMAT_VERSION + ")");
        }
        return manifest;
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    public Path dir() {
        return dir;
    }

    /** The newest committed version (version 0, empty, before the first commit). */
    public TableManifest current() {
        return current;
    }

    /** Every retained version, oldest first. */
    public List<TableManifest> versions() {
        return List.copyOf(versions.values());
    }

    public TableManifest version(long version) {
        if (version == 0) {
            return TableManifest.empty(name);
        }
        TableManifest manifest = versions.get(version);
        if (manifest == null) {
            throw new TableVersionNotFound("table " + name + " has no version " + version + " (retained: "
                    + retainedRange() + ")");
        }
        return manifest;
    }

    /** The version a reader at time {@code at} saw: the newest committed at or before it. */
    public TableManifest asOf(Instant at) {
        TableManifest found = null;
        for (TableManifest manifest : versions.values()) { // versions are in commit order, so times ascend
            if (manifest.committedAt().isAfter(at)) {
                break;
            }
            found = manifest;
        }
        if (found != null) {
            return found;
        }
        if (versions.isEmpty() || versions.firstKey() == 1) {
            return TableManifest.empty(name); // the table had no data yet at that time
        }
        throw new TableVersionNotFound("table " + name + " no longer retains a version as of " + at + " (retained: "
                + retainedRange() + ")");
    }

    private String retainedRange() {
        return versions.isEmpty() ? "none" : versions.firstKey() + ".." + versions.lastKey();
    }

    /** A new data file for this table, in {@code partition} (empty for none). */
    public DataFileWriter newFile(String partition, BufferAllocator allocator) throws IOException {
        return new DataFileWriter(dir, partition, schema, allocator, sync);
    }

    /**
     * Commits a new version: the current files minus {@code removed} plus {@code added}. The manifest is
     * durable when this returns (unless the table syncs at the swap); nothing of the version is visible before.
     */
    public TableManifest commit(TableManifest.Operation operation, List<DataFile> added, Collection<String> removed,
                                TableManifest.Watermark watermark) throws IOException {
        TableManifest previous = current;
        Set<String> gone = new HashSet<>(removed);
        Map<String, DataFile> files = new LinkedHashMap<>();
        for (DataFile file : previous.files()) {
            if (!gone.remove(file.path())) {
                files.put(file.path(), file);
            }
        }
        if (!gone.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " cannot remove files it does not have: " + gone);
        }
        added.forEach(file -> files.put(file.path(), file));
        Instant now = clock.instant();
        // commit times ascend with versions even if the wall clock steps back, so AS OF a time stays well defined
        Instant committedAt = now.isAfter(previous.committedAt()) ? now : previous.committedAt().plusNanos(1000);
        TableManifest next = new TableManifest(TableManifest.FORMAT, TableManifest.FORMAT_VERSION, name,
                previous.version() + 1, committedAt, operation, List.copyOf(added), List.copyOf(removed),
                List.copyOf(files.values()), watermark);
        write(manifestName(next.version()), next);
        versions.put(next.version(), next);
        current = next;
        if (next.version() % CHECKPOINT_INTERVAL == 0) {
            checkpoint();
        }
        return next;
    }

    /** Writes {@code content} as {@code _manifests/<fileName>} atomically: temporary name, fsync, rename. */
    private void write(String fileName, Object content) throws IOException {
        Path manifests = dir.resolve(MANIFESTS);
        Path temp = manifests.resolve(DataFileWriter.TEMP_PREFIX + fileName);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(content)));
            if (sync == Sync.EACH_COMMIT) {
                channel.force(true);
            }
        }
        Files.move(temp, manifests.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (sync == Sync.EACH_COMMIT) {
            Fsync.directory(manifests);
        }
    }

    /**
     * Writes every retained version into a checkpoint at the current version, then (the checkpoint durable) removes
     * the older checkpoints and the manifests it covers: a crash in between leaves files that open skips.
     */
    private void checkpoint() throws IOException {
        if (versions.isEmpty()) {
            return;
        }
        long version = current.version();
        String written = ManifestCheckpoint.fileName(version);
        write(written, ManifestCheckpoint.of(name, List.copyOf(versions.values())));
        try (Stream<Path> files = Files.list(dir.resolve(MANIFESTS))) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                boolean covered = fileName.matches(MANIFEST_NAME)
                        && Long.parseLong(fileName.substring(0, fileName.length() - 5)) <= version;
                if (covered || isCheckpoint(file) && !fileName.equals(written)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static String manifestName(long version) {
        return "%020d.json".formatted(version);
    }

    /**
     * Removes the versions committed before {@code now - retention} (never the current one) and every file no
     * retained version lists: replaced files, and files a crash left unlisted. Runs on the writer's thread.
     */
    public VacuumResult vacuum(Duration retention) throws IOException {
        Instant horizon = clock.instant().minus(retention);
        List<Long> expired = new ArrayList<>();
        for (TableManifest manifest : versions.values()) {
            if (manifest.version() != current.version() && manifest.committedAt().isBefore(horizon)) {
                expired.add(manifest.version());
            }
        }
        for (long version : expired) {
            versions.remove(version);
        }
        if (!expired.isEmpty()) {
            checkpoint(); // before any file goes: a crash must not leave a checkpoint listing deleted files
        }
        for (long version : expired) {
            Files.deleteIfExists(dir.resolve(MANIFESTS).resolve(manifestName(version)));
        }
        Set<String> referenced = new HashSet<>();
        versions.values().forEach(m -> m.files().forEach(f -> referenced.add(f.path())));
        current.files().forEach(f -> referenced.add(f.path()));
        long deletedFiles = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(file).toString();
                if (!relative.startsWith(MANIFESTS) && !referenced.contains(relative)) {
                    Files.delete(file);
                    deletedFiles++;
                }
            }
        }
        return new VacuumResult(expired.size(), deletedFiles);
    }

    /**
     * Hard-links every committed file of this table (data files, manifests and checkpoints; never changed once
     * written, but for a checkpoint a vacuum rewrites, which replaces the one linked before)
     * into the same place under {@code target}, copying where the file system cannot link, and skips the ones already
     * there: called again, it adds what was committed since. A name {@code target} holds for another file (it
     * committed on its own meanwhile) is refused rather than overwritten. Returns the files added. The caller keeps
     * this table's writer (and its vacuum) still meanwhile.
     */
    public long linkInto(Path target) throws IOException {
        long linked = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().startsWith(DataFileWriter.TEMP_PREFIX)) {
                    continue; // being written, or left by a crash: no manifest lists it
                }
                Path copy = target.resolve(dir.relativize(file).toString());
                if (Files.exists(copy) && isCheckpoint(file) && !Files.isSameFile(file, copy)) {
                    Files.delete(copy); // a vacuum rewrote the checkpoint of the same version: this one is newer
                }
                if (Files.exists(copy)) {
                    if (!Files.isSameFile(file, copy)) {
                        throw new IOException(copy + " already holds another file than " + file);
                    }
                    continue;
                }
                Files.createDirectories(copy.getParent());
                try {
                    Files.createLink(copy, file);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
                linked++;
            }
        }
        return linked;
    }

    /** What a vacuum removed. */
    public record VacuumResult(int versions, long files) {
    }

    /** The files of {@code version} in the given partitions (all when {@code partitions} is null), by partition. */
    public static Map<String, List<DataFile>> byPartition(TableManifest version) {
        Map<String, List<DataFile>> partitions = new TreeMap<>();
        version.files().forEach(f -> partitions.computeIfAbsent(f.partition(), p -> new ArrayList<>()).add(f));
        return partitions;
    }
}
