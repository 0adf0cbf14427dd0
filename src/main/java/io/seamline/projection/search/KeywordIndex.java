package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductEvent;
import io.seamline.product.api.ProductState;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.vector.SearchFilter;
import io.seamline.seam.consume.ProjectionRunner;
import io.seamline.seam.consume.SequenceGuard;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.model.ModelKey;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keyword read model: a Lucene BM25 index of current products in one directory, fed batches of events and
 * asked queries. A batch is searchable once the searcher is refreshed (a near-real-time reader of the writer): after
 * every batch, or with a refresh interval at most that often and at most that long after the batch was applied, so a
 * busy consumer does not open a reader per small batch. Each Lucene commit's user data is the {@link StoredPosition}
 * of the documents it holds, so a restart resumes exactly where the durable documents end; a crash before a commit
 * only means Kafka delivers those events again.
 */
public final class KeywordIndex implements AutoCloseable {

    /** Word weight of the title against the other fields, when the configuration names none. */
    public static final float DEFAULT_TITLE_BOOST = 2.0f;

    /**
     * Format of the documents and commit data; bump the version when either changes shape (append-only). 2 added the
     * category path, rating and price that filters and hits read; 3 stopped searching provenance attributes and
     * guessed categories. An index of an older version is emptied on open and rebuilt from the log.
     */
    static final String FORMAT = "seamline-keyword";
    static final String FORMAT_VERSION = "3";
    private static final java.util.Set<String> OLDER_VERSIONS = java.util.Set.of("1", "2");
    /** The attributes not searched unless configured otherwise. */
    public static final Set<String> DEFAULT_UNSEARCHED_ATTRIBUTES =
            Set.of(KeywordDocument.PROVENANCE_ATTRIBUTES.split(","));
    private static final String FORMAT_KEY = "seamline.format";
    private static final String FORMAT_VERSION_KEY = "seamline.format.version";

    private static final Logger LOG = Logger.getLogger(KeywordIndex.class);

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    /** Near-real-time readers of the writer: each carries the position set before it was opened. */
    private final SearcherManager searchers;
    /** How long applied batches may wait for a commit (zero: every batch is committed as it is applied). */
    private final long commitIntervalNanos;
    private volatile long lastCommitNanos = System.nanoTime();
    private volatile boolean uncommitted;
    /**
     * Held by a commit instead of the index's monitor: a commit's fsyncs take up to hundreds of milliseconds, and batches
     * keep being applied (and searchable) meanwhile. IndexWriter commits concurrently with updates; a commit that
     * catches a batch half-way stores the position set before it, so a restart re-reads that batch, which the sequence
     * guard makes harmless. Lock order: the monitor, then this.
     */
    private final Object commitLock = new Object();
    private final KeywordQuery queries;
    /** Attributes whose values are not words of the product (where a value came from). */
    private final Set<String> unsearchedAttributes;
    /** The position after the last batch applied; each new searcher takes it as the position it answers at. */
    private volatile StoredPosition position;
    /** How long an applied batch may wait for a refresh (zero: every batch is refreshed as it is applied). */
    private final long refreshIntervalNanos;
    /** Refreshes what the last batches applied once the interval has passed, when no further batch does; null at zero. */
    private final ScheduledExecutorService refresher;
    /** When the searcher was last refreshed (guarded by the monitor, like the rest of this block). */
    private long lastRefreshNanos = System.nanoTime();
    /** Whether the writer holds changes (documents or a position) the searcher does not see yet. */
    private boolean unrefreshed;
    private boolean refreshScheduled;
    /**
     * The products changed since the last refresh, as those changes leave them: the searcher does not see them yet,
     * so the sequence guard reads them here first. Cleared by every refresh.
     */
    private final Map<String, Pending> changedSinceRefresh = new HashMap<>();
    private final AtomicLong refreshes = new AtomicLong();
    /** Told how far searches see after every refresh. */
    private volatile ProjectionRunner.Visibility visibility = (nextOffsets, at) -> { };

    private KeywordIndex(Path path, Directory directory, IndexWriter writer, float titleBoost, Duration commitInterval,
                         Duration refreshInterval, Set<String> unsearchedAttributes) throws IOException {
        this.path = path;
        this.unsearchedAttributes = Set.copyOf(unsearchedAttributes);
        this.directory = directory;
        this.writer = writer;
        this.queries = new KeywordQuery(analyzer(), titleBoost);
        Map<String, String> userData = userData(writer);
        checkFormat(path, userData);
        this.position = StoredPosition.fromStrings(userData);
        if (!DirectoryReader.indexExists(directory)) {
            // an empty first commit, so a searcher can open before the first batch
            writer.setLiveCommitData(commitData(position).entrySet());
            writer.commit();
        }
        this.commitIntervalNanos = commitInterval.toNanos();
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                // opened under the monitor, between batches (or at open): the reader holds exactly that position
                return new PositionedSearcher(reader, position);
            }
        });
        this.refreshIntervalNanos = refreshInterval.toNanos();
        this.refresher = refreshInterval.isZero() ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("keyword-refresh").factory());
    }

    /**
     * Opens (or creates) the index in {@code path}, at the position of its last commit. Applied batches are
     * committed at most {@code commitInterval} apart (each at once when zero): a commit costs fsyncs, which must
     * not hold up how soon a change is searchable. They are searchable at most {@code refreshInterval} after they
     * were applied, the searcher refreshed at most that often (after every batch when zero): a refresh flushes a
     * segment and opens a reader, too much work to do per small batch. The values of {@code unsearchedAttributes}
     * are not searched.
     */
    public static KeywordIndex open(Path path, float titleBoost, Duration commitInterval, Duration refreshInterval,
                                    Set<String> unsearchedAttributes) {
        try {
            Files.createDirectories(path);
            // Plainly on disk, not NRT-cached: a cached segment is written out when the directory closes, which after
            // a swap is the rebuilt index's directory under the same path. Unsynced small files cost no fsync anyway.
            Directory directory = FSDirectory.open(path);
            if (ofOlderVersion(directory)) {
                LOG.infof("the keyword index in %s is of an older format: emptied, it is rebuilt from the log", path);
                for (String file : directory.listAll()) {
                    directory.deleteFile(file);
                }
            }
            IndexWriterConfig config = new IndexWriterConfig(analyzer());
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            // a refresh must not wait for merging the small segments it flushed: that wait (up to 500 ms by
            // default) is added to how soon every batch is searchable; the merge scheduler merges them anyway
            config.setMaxFullFlushMergeWaitMillis(0);
            IndexWriter writer = new IndexWriter(directory, config);
            try {
                return new KeywordIndex(path, directory, writer, titleBoost, commitInterval, refreshInterval,
                        unsearchedAttributes);
            } catch (IOException | RuntimeException e) {
                writer.rollback(); // releases the write lock of an index this process must not write
                directory.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the keyword index in " + path, e);
        }
    }

    /** The index in {@code path}, refreshing the searcher after every batch. */
    public static KeywordIndex open(Path path, float titleBoost, Duration commitInterval,
                                    Set<String> unsearchedAttributes) {
        return open(path, titleBoost, commitInterval, Duration.ZERO, unsearchedAttributes);
    }

    /** The index in {@code path} with the default title boost, committing and refreshing every batch. */
    public static KeywordIndex open(Path path) {
        return open(path, DEFAULT_TITLE_BOOST, Duration.ZERO, DEFAULT_UNSEARCHED_ATTRIBUTES);
    }

    /** English stemming for the words; the id and status are matched exactly. */
    static Analyzer analyzer() {
        KeywordAnalyzer exact = new KeywordAnalyzer();
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(),
                Map.of(KeywordDocument.ID, exact, KeywordDocument.STATUS, exact));
    }

    /** Whether the directory holds a keyword index of a version this build replaces by rebuilding. */
    private static boolean ofOlderVersion(Directory directory) throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return false;
        }
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        return FORMAT.equals(data.get(FORMAT_KEY)) && OLDER_VERSIONS.contains(data.get(FORMAT_VERSION_KEY));
    }

    /** An index written in another format is refused, not misread: a rebuild writes it anew. */
    private static void checkFormat(Path path, Map<String, String> userData) {
        String format = userData.get(FORMAT_KEY);
        String version = userData.get(FORMAT_VERSION_KEY);
        if (format == null && userData.isEmpty()) {
            return; // a new index
        }
        if (!FORMAT.equals(format) || !FORMAT_VERSION.equals(version)) {
            throw new IllegalStateException("the index in " + path + " is " + format + " v" + version + ", not "
                    + FORMAT + " v" + FORMAT_VERSION + ": rebuild it");
        }
    }

    /** What a commit stores besides the documents: the position after it, and the format it is written in. */
    private static Map<String, String> commitData(StoredPosition position) {
        Map<String, String> data = new HashMap<>(position.toStrings());
        data.put(FORMAT_KEY, FORMAT);
        data.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
        return data;
    }

    private static Map<String, String> userData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /**
     * Applies a batch to the writer; it is searchable when this returns if the refresh interval has passed since the
     * last refresh (always at a zero interval), else once the refresher's timer finds it due, at most the interval
     * later. It is committed with the position after it now or, with a commit interval, by the next
     * {@link #commitIfDue} after the interval (the consumer's committer calls it on a timer, so no batch waits for a
     * commit's fsyncs). Events at or below a product's stored sequence are skipped, so a redelivered batch changes
     * nothing; order events are not the index's business.
     */
    public synchronized void apply(List<ConsumedEvent> batch) throws IOException {
        // A batch that fails half-way leaves updates in the writer, and in changedSinceRefresh, which mirrors them; each
        // is a correct fold step, and the redelivered batch skips them by their sequence.
        IndexSearcher searcher = searchers.acquire(); // what the last refresh made searchable
        try {
            for (ConsumedEvent consumed : batch) {
                if (consumed.event() instanceof ProductEvent event) {
                    applyOne(event, consumed.envelope().sequence(), changedSinceRefresh, searcher);
                }
            }
        } finally {
            searchers.release(searcher);
        }
        StoredPosition next = position.after(batch);
        // set before any refresh: the new reader carries it, so every answer knows the position it reflects
        writer.setLiveCommitData(commitData(next).entrySet());
        position = next;
        uncommitted = true;
        unrefreshed = true;
        refreshWhenDue();
        if (commitIntervalNanos == 0) {
            commit(); // durable per batch; otherwise the committer's timer commits, off the consumer's path
        }
    }

    /** Refreshes now if the interval has passed since the last refresh, else has the refresher do it when it has. */
    private void refreshWhenDue() throws IOException {
        long wait = lastRefreshNanos + refreshIntervalNanos - System.nanoTime();
        if (wait <= 0) {
            refreshNow();
        } else if (!refreshScheduled && !refresher.isShutdown()) {
            refreshScheduled = true;
            refresher.schedule(this::refreshOnTimer, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** The refresher's turn: the batches no later batch refreshed become searchable without waiting for one. */
    private synchronized void refreshOnTimer() {
        refreshScheduled = false;
        if (!unrefreshed || !writer.isOpen()) {
            return;
        }
        try {
            refreshWhenDue();
        } catch (IOException | RuntimeException e) {
            // a disk error closed the writer: the consumer's next batch fails and reports it
            LOG.warnf("keyword index refresh failed: %s", e);
        }
    }

    /** Makes every applied batch searchable now: before a pause, a swap or a reconciliation reads the index. */
    public synchronized void refresh() throws IOException {
        if (unrefreshed) {
            refreshNow();
        }
    }

    /**
     * Opens a reader of everything applied (under the monitor, so between batches, at the position set after the last
     * one) and tells {@link #visibility} that searches see up to that position.
     */
    private void refreshNow() throws IOException {
        StoredPosition visible = position;
        searchers.maybeRefreshBlocking();
        changedSinceRefresh.clear();
        unrefreshed = false;
        lastRefreshNanos = System.nanoTime();
        refreshes.incrementAndGet();
        visibility.visible(visible.nextOffsets(), Instant.now());
    }

    /** Has {@code to} told how far searches see after every refresh (the consumer reports batches as applied then). */
    public void reportVisibility(ProjectionRunner.Visibility to) {
        visibility = to;
    }

    /** How many refreshes made changes searchable since the index opened: at most one per refresh interval. */
    public long refreshes() {
        return refreshes.get();
    }

    /** Moves the position past records the consumer refused, committed with the next commit like a batch. */
    public synchronized void passedOver(Map<Integer, Long> nextOffsets) throws IOException {
        StoredPosition next = position.passing(nextOffsets);
        if (next.equals(position)) {
            return;
        }
        writer.setLiveCommitData(commitData(next).entrySet());
        position = next;
        uncommitted = true;
        if (refresher != null) { // refused records are visible (as passed) with the next refresh, like a batch
            unrefreshed = true;
            refreshWhenDue();
        }
        if (commitIntervalNanos == 0) {
            commit();
        }
    }

    /** Throws once the index writer is closed (a disk error closes it for good): the index cannot take any batch. */
    public void requireWritable() {
        if (!writer.isOpen()) {
            throw new IllegalStateException("the keyword index writer is closed", writer.getTragicException());
        }
    }

    /** Commits the applied batches when the commit interval has passed since the last commit. */
    public void commitIfDue() throws IOException {
        if (uncommitted && System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
            commit();
        }
    }

    /** Makes every applied batch durable, with the position after the last one. */
    public void commit() throws IOException {
        synchronized (commitLock) {
            uncommitted = false; // before: a batch applied during the commit marks the index again
            try {
                writer.commit();
            } catch (IOException | RuntimeException e) {
                uncommitted = true;
                throw e;
            }
            lastCommitNanos = System.nanoTime();
        }
    }

    private void applyOne(ProductEvent event, long sequence, Map<String, Pending> pending, IndexSearcher searcher)
            throws IOException {
        String id = event.productId();
        Pending current = pending.containsKey(id) ? pending.get(id) : held(searcher, id);
        long storedSequence = current == null ? SequenceGuard.NONE : current.sequence();
        SequenceGuard.Decision decision = SequenceGuard.decide(storedSequence, sequence);
        if (decision == SequenceGuard.Decision.SKIP) {
            return;
        }
        if (decision == SequenceGuard.Decision.GAP) {
            // the newest state still beats none: the reconciliation re-applies what went missing
            LOG.warnf("keyword index: product %s jumped from sequence %d to %d", id, storedSequence, sequence);
        }
        if (event instanceof ProductUpdatedEvent updated && current != null && current.live()
                && !KeywordDocument.changesWords(updated)) {
            // a price change, the commonest update: the words stay as indexed, the sequence and price doc values move on
            List<Field> values = new ArrayList<>();
            values.add(new NumericDocValuesField(KeywordDocument.SEQUENCE, sequence));
            if (updated.price() != null) {
                values.addAll(List.of(KeywordDocument.price(updated.price())));
            }
            writer.updateDocValues(new Term(KeywordDocument.ID, id), values.toArray(Field[]::new));
            pending.put(id, current.at(sequence, updated.price()));
            return;
        }
        Pending next = switch (event) {
            case ProductCreatedEvent created -> Pending.live(ProductState.created(created), sequence);
            case ProductUpdatedEvent updated -> {
                if (current == null || !current.live()) {
                    LOG.warnf("keyword index: update %d of product %s, which it does not hold, skipped", sequence, id);
                    yield null;
                }
                yield Pending.live(current.state(searcher).updated(updated), sequence);
            }
            case ProductDiscontinuedEvent discontinued -> Pending.tombstone(sequence);
        };
        if (next == null) {
            return;
        }
        Document doc = next.live()
                ? KeywordDocument.live(next.state(searcher), sequence, unsearchedAttributes)
                : KeywordDocument.tombstone(id, sequence);
        writer.updateDocument(new Term(KeywordDocument.ID, id), doc);
        pending.put(id, next);
    }

    /**
     * What the searcher holds for a product, null if nothing: its sequence (doc values, which a price change updates
     * in place) and whether it is live, read from postings; its words are read only if an update needs them.
     */
    private static Pending held(IndexSearcher searcher, String productId) throws IOException {
        Term idTerm = new Term(KeywordDocument.ID, productId);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            PostingsEnum docs = leaf.reader().postings(idTerm, PostingsEnum.NONE);
            if (docs == null) {
                continue;
            }
            Bits liveDocs = leaf.reader().getLiveDocs();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (liveDocs != null && !liveDocs.get(doc)) {
                    continue; // an older version, replaced
                }
                NumericDocValues sequences = leaf.reader().getNumericDocValues(KeywordDocument.SEQUENCE);
                long sequence = sequences != null && sequences.advanceExact(doc) ? sequences.longValue()
                        : SequenceGuard.NONE;
                PostingsEnum live = leaf.reader().postings(new Term(KeywordDocument.STATUS, KeywordDocument.LIVE),
                        PostingsEnum.NONE);
                boolean isLive = live != null && live.advance(doc) == doc;
                return new Pending(sequence, isLive, null, leaf.docBase + doc, null);
            }
        }
        return null;
    }

    /**
     * A product as the batch so far leaves it: its sequence, live or a tombstone, and its state, which is null until
     * read from {@code storedDoc} of the batch's searcher (a price change never needs it); {@code price} is a price
     * this batch set in place, which that searcher does not see yet.
     */
    private record Pending(long sequence, boolean live, ProductState state, int storedDoc, Money price) {

        static Pending live(ProductState state, long sequence) {
            return new Pending(sequence, true, state, -1, null);
        }

        static Pending tombstone(long sequence) {
            return new Pending(sequence, false, null, -1, null);
        }

        /** At the next sequence, with the new price if the update set one. */
        Pending at(long next, Money newPrice) {
            if (newPrice == null) {
                return new Pending(next, live, state, storedDoc, price);
            }
            return new Pending(next, live, state == null ? null : KeywordDocument.withPrice(state, newPrice),
                    storedDoc, newPrice);
        }

        /** The whole state, its price included (the stored words hold none: it lives in doc values). */
        ProductState state(IndexSearcher searcher) throws IOException {
            if (state != null) {
                return state;
            }
            ProductState words = KeywordDocument.state(searcher.storedFields().document(storedDoc,
                    Set.of(KeywordDocument.STATE)));
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(storedDoc, leaves));
            Money held = price != null ? price : KeywordDocument.price(leaf.reader(), storedDoc - leaf.docBase);
            return KeywordDocument.withPrice(words, held);
        }
    }

    /** The best {@code k} current products for the text, by BM25, and the position the answer reflects. */
    public KeywordResult search(String text, int k) throws IOException {
        return search(text, k, SearchFilter.NONE);
    }

    /**
     * The best {@code k} current products for the text that pass the filter, by BM25: the filter is a clause of the
     * query (scoring nothing), so the k are the best among the products it lets through.
     */
    public KeywordResult search(String text, int k, SearchFilter filter) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            StoredPosition answeredAt = positionOf(searcher);
            Query words = queries.parse(text);
            if (words == null || k <= 0) {
                return new KeywordResult(List.of(), answeredAt);
            }
            Query query = KeywordFilter.narrow(words, filter);
            TopDocs top;
            try {
                top = searcher.search(query, k);
            } catch (IndexSearcher.TooManyClauses e) {
                // parse() keeps queries below the limit; should that ever change, the client still learns why
                throw new QueryTooComplex("the query has too many words to search for in one search");
            }
            StoredFields fields = searcher.storedFields();
            List<KeywordHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(hit(searcher, fields, hit.doc, hit.score));
            }
            return new KeywordResult(hits, answeredAt);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Title and category of those of the products the index holds live, by id: how other modes' hits are shown. */
    public Map<String, KeywordHit> describe(Collection<String> productIds) throws IOException {
        if (productIds.isEmpty()) {
            return Map.of();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            Query ids = new TermInSetQuery(KeywordDocument.ID, productIds.stream().map(BytesRef::new).toList());
            TopDocs found = searcher.search(ids, productIds.size());
            StoredFields fields = searcher.storedFields();
            Map<String, KeywordHit> described = new HashMap<>();
            for (ScoreDoc hit : found.scoreDocs) {
                if (KeywordDocument.LIVE.equals(fields.document(hit.doc, STATUS_ONLY).get(KeywordDocument.STATUS))) {
                    KeywordHit about = hit(searcher, fields, hit.doc, 0f);
                    described.put(about.productId(), about);
                }
            }
            return described;
        } finally {
            searchers.release(searcher);
        }
    }

    private static final Set<String> SHOWN = Set.of(KeywordDocument.ID, KeywordDocument.TITLE,
            KeywordDocument.CATEGORY, KeywordDocument.RATING);
    private static final Set<String> STATUS_ONLY = Set.of(KeywordDocument.STATUS);

    /** What a result list shows of a document: its stored fields and the price from its doc values. */
    private static KeywordHit hit(IndexSearcher searcher, StoredFields fields, int docId, float score)
            throws IOException {
        Document doc = fields.document(docId, SHOWN);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docId, leaves));
        Number rating = doc.getField(KeywordDocument.RATING) == null ? null
                : doc.getField(KeywordDocument.RATING).numericValue();
        return new KeywordHit(doc.get(KeywordDocument.ID), score, doc.get(KeywordDocument.TITLE),
                doc.get(KeywordDocument.CATEGORY), KeywordDocument.price(leaf.reader(), docId - leaf.docBase),
                rating == null ? null : rating.doubleValue());
    }

    /** The position queries reflect now: the last batch whose refresh has finished. */
    public StoredPosition searchablePosition() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return positionOf(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    /** The position a searcher was opened at: what its answers reflect. */
    private static StoredPosition positionOf(IndexSearcher searcher) {
        return ((PositionedSearcher) searcher).position;
    }

    /** A searcher that knows the position of the batches its reader holds. */
    private static final class PositionedSearcher extends IndexSearcher {
        final StoredPosition position;

        PositionedSearcher(IndexReader reader, StoredPosition position) {
            super(reader);
            this.position = position;
        }
    }

    /** How many current (not discontinued) products the index holds. */
    public int count() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(KeywordDocument.STATUS, KeywordDocument.LIVE)));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Deletes a product's document, tombstone included (reconciliation: the event store has no such product). */
    public synchronized void remove(String productId) throws IOException {
        writer.deleteDocuments(new Term(KeywordDocument.ID, productId));
        uncommitted = true;
        refreshNow(); // a repair: the reconciliation checks its result at once
        commitIfDue();
    }

    /** Whether the product is in the index and not discontinued. */
    public boolean contains(String productId) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Pending held = held(searcher, productId);
            return held != null && held.live();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Every product the index holds, tombstones included, with its sequence: the input of a reconciliation. */
    public List<ModelKey> products() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            List<ModelKey> products = new ArrayList<>();
            Set<String> identity = Set.of(KeywordDocument.ID, KeywordDocument.STATUS);
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits liveDocs = leaf.reader().getLiveDocs();
                NumericDocValues sequences = leaf.reader().getNumericDocValues(KeywordDocument.SEQUENCE);
                StoredFields fields = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (liveDocs != null && !liveDocs.get(doc)) {
                        continue; // replaced or deleted by a later update
                    }
                    Document stored = fields.document(doc, identity);
                    long sequence = sequences != null && sequences.advanceExact(doc) ? sequences.longValue() : -1;
                    products.add(new ModelKey(stored.get(KeywordDocument.ID), sequence,
                            !KeywordDocument.DISCONTINUED.equals(stored.get(KeywordDocument.STATUS))));
                }
            }
            return products;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The position after the last batch applied: where a consumer of this open index resumes. */
    public StoredPosition position() {
        return position;
    }

    public Path path() {
        return path;
    }

    /**
     * Closes the writer but keeps answering searches from the last commit: the index's directory can then be
     * moved aside while queries still read the files they hold open.
     */
    public synchronized void stopWriting() throws IOException {
        stopRefresher();
        refresh();
        synchronized (commitLock) {
            commit();
            writer.close();
        }
    }

    private void stopRefresher() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** What a crash does to the index: everything applied since the last commit is lost (tests only). */
    synchronized void crash() throws IOException {
        stopRefresher();
        synchronized (commitLock) {
            crashNow();
        }
    }

    private void crashNow() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.rollback();
            } finally {
                directory.close();
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        stopRefresher();
        synchronized (commitLock) {
            closeNow();
        }
    }

    private void closeNow() throws IOException {
        try {
            if (writer.isOpen() && uncommitted) {
                commit(); // an orderly stop leaves nothing for Kafka to deliver again
            }
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
