package io.seamline.projection.vector;

import io.seamline.domain.Money;
import io.seamline.seam.consume.StoredPosition;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The vector index on disk: a full snapshot of three files, each replaced atomically and stamped with the snapshot's
 * epoch, and a change log after it. The snapshot is {@code vectors.bin} (every product's sequence, words, text hash,
 * category, price, ordinal and vector), {@code graph.bin} (the neighbour lists over those ordinals) and, last,
 * {@code position.properties} (the Kafka offsets); written in that order, the offsets never claim more than the
 * vectors on disk hold, and a graph of another epoch is rebuilt from the vectors. {@code changes.log}
 * ({@link ChangeLog}) follows the snapshot of its epoch: each checkpoint appends one record of the products changed
 * since the previous one, in the same encoding as vectors.bin without their node (a removed product by id alone),
 * and the offsets after them, so the offsets again never run ahead of the data they cover. A log of another epoch is
 * not read. All four files are version 2: the log came without changing the snapshot's layout, and a reader that
 * knows no log opens the snapshot and resumes from its offsets. Files of an older version are not read: the index
 * starts empty and is rebuilt from the log (version 1 held no category and price, which search filters need).
 */
final class VectorFiles {

    static final String VECTORS_FORMAT = "seamline-vectors";
    static final String GRAPH_FORMAT = "seamline-vector-graph";
    static final String POSITION_FORMAT = "seamline-vector-position";
    /**
     * Append-only: a reader refuses a version it does not know rather than guess at its layout. 2 added each
     * product's category and price (and, later, the change log beside the unchanged snapshot files).
     */
    static final int VERSION = 2;

    private static final Logger LOG = Logger.getLogger(VectorFiles.class);

    /** The saved vectors of one snapshot. */
    record Vectors(long epoch, int dimension, List<StoredProduct> products, Map<String, Integer> ordinals) {
    }

    /** A change-log record: products by id in their state after it (null: forgotten) and the position after them. */
    record Changes(Map<String, StoredProduct> changed, StoredPosition position) {
    }

    /**
     * Everything a full snapshot writes, captured while the writer held still so the files can be written while it
     * goes on: the products (immutable records), their nodes and the graph's neighbour lists.
     */
    record Snapshot(long epoch, int dimension, List<StoredProduct> products, Map<String, Integer> ordinals,
                    byte[] neighbours, StoredPosition position) {
    }

    private final Path dir;

    VectorFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path vectorsFile() {
        return dir.resolve("vectors.bin");
    }

    Path graphFile() {
        return dir.resolve("graph.bin");
    }

    Path positionFile() {
        return dir.resolve("position.properties");
    }

    Path changesFile() {
        return dir.resolve("changes.log");
    }

    void writeVectors(long epoch, int dimension, Iterable<StoredProduct> products, Map<String, Integer> ordinals,
                      int count) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(vectorsFile(), raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeUTF(VECTORS_FORMAT);
            out.writeInt(VERSION);
            out.writeLong(epoch);
            out.writeInt(dimension);
            out.writeInt(count);
            for (StoredProduct p : products) {
                Integer ordinal = p.searchable() ? ordinals.get(p.productId()) : null;
                writeProduct(out, p, ordinal == null ? -1 : ordinal);
            }
            out.flush();
        });
    }

    Optional<Vectors> readVectors() throws IOException {
        if (!Files.exists(vectorsFile())) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(vectorsFile()), 1 << 16))) {
            if (olderVersion(in, VECTORS_FORMAT, vectorsFile())) {
                LOG.infof("%s is of an older format: the vector index starts empty and is rebuilt from the log",
                        vectorsFile());
                return Optional.empty();
            }
            long epoch = in.readLong();
            int dimension = in.readInt();
            int count = in.readInt();
            List<StoredProduct> products = new ArrayList<>(count);
            Map<String, Integer> ordinals = new HashMap<>();
            for (int i = 0; i < count; i++) {
                PlacedProduct read = readProduct(in, dimension);
                products.add(read.product());
                if (read.ordinal() >= 0) {
                    ordinals.put(read.product().productId(), read.ordinal());
                }
            }
            return Optional.of(new Vectors(epoch, dimension, products, ordinals));
        }
    }

    /**
     * The neighbour lists of a cleaned-up graph, serialised in memory while the writer holds still, so the file can be
     * written after it goes on.
     */
    static byte[] neighbours(VectorGraph graph) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        graph.save(data);
        data.flush();
        return bytes.toByteArray();
    }

    /**
     * Writes a full snapshot: vectors, then graph, then offsets, each file atomically; a crash between two leaves a
     * graph of another epoch (rebuilt from the vectors on open) or older offsets (a replay the sequence guard makes
     * harmless), never offsets ahead of the vectors.
     */
    void writeSnapshot(Snapshot snapshot) throws IOException {
        writeVectors(snapshot.epoch(), snapshot.dimension(), snapshot.products(), snapshot.ordinals(),
                snapshot.products().size());
        writeGraph(snapshot.epoch(), snapshot.neighbours());
        writePosition(snapshot.epoch(), snapshot.position());
    }

    void writeGraph(long epoch, byte[] neighbours) throws IOException {
        AtomicFiles.write(graphFile(), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(GRAPH_FORMAT);
            out.writeInt(VERSION);
            out.writeLong(epoch);
            out.writeInt(neighbours.length);
            out.write(neighbours);
            out.flush();
        });
    }

    /** The saved neighbour lists, if the graph file is of this epoch; empty means rebuild from the vectors. */
    Optional<ByteBuffer> readGraph(long epoch) throws IOException {
        if (!Files.exists(graphFile())) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(graphFile())))) {
            checkHeader(in, GRAPH_FORMAT, graphFile());
            if (in.readLong() != epoch) {
                return Optional.empty(); // a crash between the vectors and the graph: the graph is stale
            }
            byte[] graph = new byte[in.readInt()];
            in.readFully(graph);
            return Optional.of(ByteBuffer.wrap(graph));
        }
    }

    void writePosition(long epoch, StoredPosition position) throws IOException {
        Properties props = new Properties();
        props.setProperty("format", POSITION_FORMAT);
        props.setProperty("version", Integer.toString(VERSION));
        props.setProperty("epoch", Long.toString(epoch));
        position.toStrings().forEach(props::setProperty);
        AtomicFiles.write(positionFile(), raw -> {
            Writer out = new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8);
            props.store(out, "where the vector index resumes reading " + "the event topic");
            out.flush();
        });
    }

    /** The stored position; {@link StoredPosition#START} when none was written (a new index). */
    StoredPosition readPosition() throws IOException {
        if (!Files.exists(positionFile())) {
            return StoredPosition.START;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(positionFile(), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        if (!POSITION_FORMAT.equals(props.getProperty("format"))
                || !Integer.toString(VERSION).equals(props.getProperty("version"))) {
            throw new IOException(positionFile() + " is not a " + POSITION_FORMAT + " v" + VERSION + " file");
        }
        Map<String, String> strings = new HashMap<>();
        props.stringPropertyNames().forEach(key -> strings.put(key, props.getProperty(key)));
        return StoredPosition.fromStrings(strings);
    }

    /**
     * One change-log record: each product changed since the previous record in its state after the change (a
     * tombstone for a discontinued one, a removal for one forgotten), then the position after them.
     */
    static byte[] encodeChanges(Map<String, StoredProduct> changed, StoredPosition position) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + changed.size() * 2048);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(changed.size());
        for (Map.Entry<String, StoredProduct> change : changed.entrySet()) {
            StoredProduct p = change.getValue();
            out.writeBoolean(p != null);
            if (p == null) {
                out.writeUTF(change.getKey());
            } else {
                writeProduct(out, p, -1); // nodes are not logged: a replay links the product in as apply did
            }
        }
        Map<String, String> offsets = position.toStrings();
        out.writeInt(offsets.size());
        for (Map.Entry<String, String> entry : offsets.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** A record of {@link #encodeChanges}: products by id in the order written (null: removed), and the position. */
    static Changes decodeChanges(byte[] payload, int dimension) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int count = in.readInt();
        Map<String, StoredProduct> changed = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (in.readBoolean()) {
                StoredProduct p = readProduct(in, dimension).product();
                changed.put(p.productId(), p);
            } else {
                changed.put(in.readUTF(), null);
            }
        }
        int strings = in.readInt();
        Map<String, String> offsets = new HashMap<>();
        for (int i = 0; i < strings; i++) {
            offsets.put(in.readUTF(), in.readUTF());
        }
        return new Changes(changed, StoredPosition.fromStrings(offsets));
    }

    /** True for a file of this format but an older version; refuses any other format or a newer version. */
    private static boolean olderVersion(DataInputStream in, String format, Path file) throws IOException {
        String name = in.readUTF();
        int version = in.readInt();
        if (format.equals(name) && version > 0 && version < VERSION) {
            return true;
        }
        if (!format.equals(name) || version != VERSION) {
            throw new IOException(file + " is " + name + " v" + version + ", expected " + format + " v" + VERSION);
        }
        return false;
    }

    private static void checkHeader(DataInputStream in, String format, Path file) throws IOException {
        String name = in.readUTF();
        int version = in.readInt();
        if (!format.equals(name) || version != VERSION) {
            throw new IOException(file + " is " + name + " v" + version + ", expected " + format + " v" + VERSION);
        }
    }

    /** A product as vectors.bin and the change log hold it: its fields, its graph node (-1: none) and its vector. */
    private static void writeProduct(DataOutputStream out, StoredProduct p, int ordinal) throws IOException {
        out.writeUTF(p.productId());
        out.writeLong(p.sequence());
        out.writeBoolean(p.discontinued());
        writeString(out, p.title());
        writeString(out, p.description());
        out.writeLong(p.textHash());
        writeString(out, p.category());
        writeString(out, p.price() == null ? null : p.price().amount().toPlainString());
        writeString(out, p.price() == null ? null : p.price().currency());
        out.writeInt(ordinal);
        out.writeBoolean(p.vector() != null);
        if (p.vector() != null) {
            for (float x : p.vector()) {
                out.writeFloat(x);
            }
        }
    }

    /** A product read back with the node it was saved at. */
    private record PlacedProduct(StoredProduct product, int ordinal) {
    }

    private static PlacedProduct readProduct(DataInputStream in, int dimension) throws IOException {
        String id = in.readUTF();
        long sequence = in.readLong();
        boolean discontinued = in.readBoolean();
        String title = readString(in);
        String description = readString(in);
        long hash = in.readLong();
        String category = readString(in);
        String amount = readString(in);
        String currency = readString(in);
        int ordinal = in.readInt();
        float[] vector = null;
        if (in.readBoolean()) {
            vector = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                vector[d] = in.readFloat();
            }
        }
        return new PlacedProduct(new StoredProduct(id, sequence, title, description, hash, vector, discontinued,
                category, amount == null ? null : Money.of(amount, currency)), ordinal);
    }

    /** Lengths as ints: a description may exceed writeUTF's 64 KB limit. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
