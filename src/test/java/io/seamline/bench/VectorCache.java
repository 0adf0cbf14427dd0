package io.seamline.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static io.seamline.bench.BenchLog.log;
import static io.seamline.bench.BenchLog.secondsSince;

/**
 * Embeddings of a list of texts, cached in a {@code .f32} file so reruns skip the model. The file is
 * {@value #FORMAT} version {@value #VERSION}: a header (format, version, model, SHA-256 of the texts, count,
 * dimensions) and then count x dims little-endian float32, each vector normalised to length 1. A file whose header
 * does not match the texts asked for is rebuilt.
 */
final class VectorCache {

    static final String FORMAT = "seamline-vectors";
    static final int VERSION = 1;
    static final String MODEL = "all-minilm-l6-v2-q (langchain4j-embeddings 0.36.2)";
    private static final int BATCH = 1_000;

    /** The vectors and whether they came from the cache. */
    record Loaded(float[][] vectors, boolean cached, double embedSeconds) {
    }

    private VectorCache() {
    }

    static Loaded load(Path file, List<String> texts) throws IOException {
        String digest = digest(texts);
        if (Files.isRegularFile(file)) {
            float[][] cached = read(file, digest, texts.size());
            if (cached != null) {
                log("%,d vectors from the cache %s", cached.length, file);
                return new Loaded(cached, true, Double.NaN);
            }
            log("cache %s does not match the %,d texts: embedding again", file, texts.size());
        }
        long t = System.nanoTime();
        float[][] vectors = embed(texts);
        double seconds = secondsSince(t);
        write(file, digest, vectors);
        return new Loaded(vectors, false, seconds);
    }

    private static float[][] embed(List<String> texts) {
        AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] vectors = new float[texts.size()][];
        long t = System.nanoTime();
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            List<TextSegment> segments = texts.subList(from, to).stream().map(TextSegment::from).toList();
            List<Embedding> embeddings = model.embedAll(segments).content();
            for (int i = 0; i < embeddings.size(); i++) {
                vectors[from + i] = normalised(embeddings.get(i).vector());
            }
            log("embedded %,d / %,d texts (%.0f/s)", to, texts.size(), to / secondsSince(t));
        }
        return vectors;
    }

    static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float inverse = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inverse;
        }
        return v;
    }

    private static float[][] read(Path file, String digest, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (!FORMAT.equals(in.readUTF()) || in.readInt() != VERSION || !MODEL.equals(in.readUTF())
                    || !digest.equals(in.readUTF()) || in.readInt() != count) {
                return null;
            }
            int dims = in.readInt();
            float[][] vectors = new float[count][dims];
            byte[] row = new byte[dims * Float.BYTES];
            for (float[] v : vectors) {
                in.readFully(row);
                ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            }
            return vectors;
        }
    }

    private static void write(Path file, String digest, float[][] vectors) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        int dims = vectors[0].length;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeUTF(FORMAT);
            out.writeInt(VERSION);
            out.writeUTF(MODEL);
            out.writeUTF(digest);
            out.writeInt(vectors.length);
            out.writeInt(dims);
            ByteBuffer row = ByteBuffer.allocate(dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : vectors) {
                row.clear();
                row.asFloatBuffer().put(v);
                out.write(row.array());
            }
        }
        // a run killed while writing leaves only the .tmp file, never a truncated cache
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log("cached %,d vectors in %s", vectors.length, file);
    }

    private static String digest(List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String t : texts) {
                sha.update(t.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
