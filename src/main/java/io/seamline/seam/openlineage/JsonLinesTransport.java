package io.seamline.seam.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each event, serialized by the OpenLineage client, as one line of {@code <dir>/openlineage.jsonl}: what any
 * OpenLineage consumer can load later. (The client's own file transport needs commons-io, which the service does
 * not ship, and does not create the directory.)
 */
final class JsonLinesTransport extends Transport {

    static final String FILE = "openlineage.jsonl";

    private final Path file;

    JsonLinesTransport(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    @Override
    public void emit(OpenLineage.RunEvent event) {
        append(OpenLineageClientUtils.toJson(event));
    }

    @Override
    public void emit(OpenLineage.DatasetEvent event) {
        append(OpenLineageClientUtils.toJson(event));
    }

    @Override
    public void emit(OpenLineage.JobEvent event) {
        append(OpenLineageClientUtils.toJson(event));
    }

    /** One line per event, whole: concurrent runs (a replay and a commit) must not interleave within a line. */
    private synchronized void append(String json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.replace("\n", "").replace("\r", "") + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append a lineage event to " + file, e);
        }
    }
}
