package io.seamline.projection.warehouse.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every retained version of a table up to {@code version} in one file ({@code _manifests/checkpoint-<version>.json}),
 * so opening a table reads it and the few manifests committed after it rather than one file per version. The first
 * entry lists its files; each later one that follows its predecessor's version is kept as a delta (its
 * {@code files} left out, rebuilt from the one before with its removed and added files), so the checkpoint grows with
 * the commits, not with commits times files.
 */
record ManifestCheckpoint(String format, int formatVersion, String table, long version,
                          List<TableManifest> versions) {

    static final String FORMAT = "seamline-table-checkpoint";
    /** Readers refuse checkpoints of a newer format version than they know. */
    static final int FORMAT_VERSION = 1;
    static final String PREFIX = "checkpoint-";

    /** The checkpoint of {@code versions} (oldest first, the last one {@code version}). */
    static ManifestCheckpoint of(String table, List<TableManifest> versions) {
        List<TableManifest> entries = new ArrayList<>(versions.size());
        TableManifest previous = null;
        for (TableManifest manifest : versions) {
            boolean delta = previous != null && manifest.version() == previous.version() + 1;
            entries.add(delta ? new TableManifest(manifest.format(), manifest.formatVersion(), manifest.table(),
                    manifest.version(), manifest.committedAt(), manifest.operation(), manifest.added(),
                    manifest.removed(), null, manifest.watermark()) : manifest);
            previous = manifest;
        }
        return new ManifestCheckpoint(FORMAT, FORMAT_VERSION, table, versions.getLast().version(), entries);
    }

    /**
     * The versions as committed: a delta's files are its predecessor's minus the removed plus the added, in the order
     * {@link ArrowTable#commit} gives them.
     */
    List<TableManifest> manifests() {
        List<TableManifest> manifests = new ArrayList<>(versions.size());
        TableManifest previous = null;
        for (TableManifest entry : versions) {
            TableManifest manifest = entry;
            if (entry.files() == null) {
                if (previous == null) {
                    throw new IllegalStateException("checkpoint of " + table + " starts with a delta (version "
                            + entry.version() + ")");
                }
                Map<String, DataFile> files = new LinkedHashMap<>();
                previous.files().forEach(file -> files.put(file.path(), file));
                entry.removed().forEach(files::remove);
                entry.added().forEach(file -> files.put(file.path(), file));
                manifest = new TableManifest(entry.format(), entry.formatVersion(), entry.table(), entry.version(),
                        entry.committedAt(), entry.operation(), entry.added(), entry.removed(),
                        List.copyOf(files.values()), entry.watermark());
            }
            manifests.add(manifest);
            previous = manifest;
        }
        return manifests;
    }

    static String fileName(long version) {
        return PREFIX + "%020d.json".formatted(version);
    }
}
