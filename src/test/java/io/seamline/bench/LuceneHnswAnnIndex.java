package io.seamline.bench;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Lucene HNSW index: one {@code KnnFloatVectorField} (DOT_PRODUCT) per document, written with
 * {@code Lucene99HnswVectorsFormat(maxConn, beamWidth)} through a per-field codec override by one thread, merged to
 * one segment, memory-mapped, and searched with {@code IndexSearcher.search(new KnnFloatVectorQuery(field, q,
 * candidates), k)}: the graph search collects {@code candidates} hits (Lucene's k, which is also its ef) and the top
 * {@code k} of them are kept. Document ids are the vector ordinals (one segment, docs added in order, a merge policy
 * that keeps order).
 */
final class LuceneHnswAnnIndex implements AnnIndex {

    private static final String FIELD = "v";

    private final Path path;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final double buildSeconds;

    LuceneHnswAnnIndex(Path path, float[][] base, int maxConn, int beamWidth) throws IOException {
        this.path = path;
        IOUtils.rm(path);
        Files.createDirectories(path);
        directory = new MMapDirectory(path);
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return hnsw;
                    }
                })
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                // one flush for the whole set where the heap allows it, so the graph is built once, not merged
                .setRAMBufferSizeMB(1_024)
                .setMergePolicy(new LogDocMergePolicy())
                .setUseCompoundFile(false);
        long t = System.nanoTime();
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (float[] v : base) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
        }
        buildSeconds = BenchLog.secondsSince(t);
        reader = DirectoryReader.open(directory);
        if (reader.leaves().size() != 1 || reader.maxDoc() != base.length) {
            throw new IllegalStateException("expected one segment of " + base.length + " documents, found "
                    + reader.leaves().size() + " segments with " + reader.maxDoc());
        }
        searcher = new IndexSearcher(reader);
    }

    @Override
    public double buildSeconds() {
        return buildSeconds;
    }

    @Override
    public int search(float[] query, int k, int candidates, int[] out) {
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, query, candidates), k);
            ScoreDoc[] docs = top.scoreDocs;
            for (int i = 0; i < docs.length; i++) {
                out[i] = docs[i].doc;
            }
            return docs.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        IOUtils.rm(path);
    }
}
