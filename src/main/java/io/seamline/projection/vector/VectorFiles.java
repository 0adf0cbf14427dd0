package io.seamline.projection.vector;

import io.seamline.domain.Money;
import io.seamline.seam.consume.StoredPosition;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The vector index on disk, three files each replaced atomically and stamped with the checkpoint's epoch:
 * {@code vectors.bin} (every product's sequence, words, text hash, ordinal and vector), {@code graph.bin} (the
 * neighbour lists over those ordinals) and, last, {@code position.properties} (the Kafka offsets). Written in that
 * order, the offsets never claim more than the vectors on disk hold; a graph of another epoch is rebuilt from the vectors.
 * Files of an older version are not read: the index starts empty and is rebuilt from the log (version 1 held no
 * category and price, which search filters need).
 */
final class VectorFiles {

    static final String VECTORS_FORMAT = "seamline-vectors";
    static final String GRAPH_FORMAT = "seamline-vector-graph";
    static final String POSITION_FORMAT = "seamline-vector-position";
    /**
     * Append-only: a reader refuses a version it does not know rather than guess at its layout. 2 added each
     * product's category and price.
     */
    static final int VERSION = 2;

    private static final Logger LOG = Logger.getLogger(VectorFiles.class);

    /** The saved vectors of one checkpoint. */
    record Vectors(long epoch, int dimension, List<StoredProduct> products, Map<String, Integer> ordinals) {
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
                out.writeUTF(p.productId());
                out.writeLong(p.sequence());
                out.writeBoolean(p.discontinued());
                writeString(out, p.title());
                writeString(out, p.description());
                out.writeLong(p.textHash());
                writeString(out, p.category());
                writeString(out, p.price() == null ? null : p.price().amount().toPlainString());
                writeString(out, p.price() == null ? null : p.price().currency());
                Integer ordinal = p.searchable() ? ordinals.get(p.productId()) : null;
                out.writeInt(ordinal == null ? -1 : ordinal);
                out.writeBoolean(p.vector() != null);
                if (p.vector() != null) {
                    for (float x : p.vector()) {
                        out.writeFloat(x);
                    }
                }
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
                products.add(new StoredProduct(id, sequence, title, description, hash, vector, discontinued, category,
                        amount == null ? null : Money.of(amount, currency)));
                if (ordinal >= 0) {
                    ordinals.put(id, ordinal);
                }
            }
            return Optional.of(new Vectors(epoch, dimension, products, ordinals));
        }
    }

    /** The graph is serialised in memory first so its file is written by the same atomic helper as the others. */
    void writeGraph(long epoch, VectorGraph graph) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        graph.save(data);
        data.flush();
        AtomicFiles.write(graphFile(), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(GRAPH_FORMAT);
            out.writeInt(VERSION);
            out.writeLong(epoch);
            out.writeInt(bytes.size());
            bytes.writeTo(out);
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
