package io.seamline.projection.search;

import io.seamline.projection.vector.SearchFilter;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.model.ModelKey;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.store.AlreadyClosedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The keyword read model's query side, for the HTTP and fusion layers: BM25 search over current products and
 * what reconciliation needs, always against the live index (the rebuilt one once a replay has swapped it in).
 */
@ApplicationScoped
public class KeywordSearch {

    /** One read of an index. */
    @FunctionalInterface
    private interface IndexRead<T> {
        T from(KeywordIndex index) throws IOException;
    }

    private final KeywordReadModel consumer;

    KeywordSearch(KeywordReadModel consumer) {
        this.consumer = consumer;
    }

    /** The best {@code k} products for what a shopper typed (plain words, no syntax), and the position answered at. */
    public KeywordResult search(String text, int k) {
        return read(index -> index.search(text, k));
    }

    /** The best {@code k} products for the text among those the filter lets through, applied inside the index. */
    public KeywordResult search(String text, int k, SearchFilter filter) {
        return read(index -> index.search(text, k, filter));
    }

    /** Title, category, price and rating of the live products among {@code productIds}, by id. */
    public Map<String, KeywordHit> describe(Collection<String> productIds) {
        return read(index -> index.describe(productIds));
    }

    /** How many current products are searchable. */
    public int count() {
        return read(KeywordIndex::count);
    }

    public boolean contains(String productId) {
        return read(index -> index.contains(productId));
    }

    /** Every (productId, sequence) the index holds, discontinued ones included, for reconciliation. */
    public List<ModelKey> products() {
        return read(KeywordIndex::products);
    }

    /**
     * The position of the live index as queries see it: its watermark. (The position of the last batch applied can be
     * a refresh ahead of what a query answered just after finds.)
     */
    public StoredPosition position() {
        return read(KeywordIndex::searchablePosition);
    }

    private <T> T read(IndexRead<T> read) {
        try {
            try {
                return read.from(consumer.index());
            } catch (AlreadyClosedException swapped) {
                // a swap closed the index between taking it and reading it: the new one answers
                return read.from(consumer.currentIndex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("keyword index read failed", e);
        }
    }
}
