package io.seamline.projection.search;

import io.seamline.domain.CategoryPath;
import io.seamline.projection.vector.SearchFilter;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.math.RoundingMode;

/**
 * A {@link SearchFilter} as clauses of the BM25 query: filter clauses score nothing, so the ranking among the products
 * let through is the unfiltered one, and the top k are k products that pass. The category matches its normalised
 * path exactly or as a prefix ending at a level; the price is a doc-values range (a price change updates them in
 * place, which points could not do; a few thousand products scan in well under a millisecond).
 */
final class KeywordFilter {

    private KeywordFilter() {
    }

    /** The query narrowed by the filter; the query itself when the filter narrows nothing. */
    static Query narrow(Query query, SearchFilter filter) {
        if (!filter.narrows()) {
            return query;
        }
        BooleanQuery.Builder narrowed = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST);
        if (filter.categoryPrefix() != null) {
            String prefix = filter.categoryPrefix();
            Query category = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(KeywordDocument.CATEGORY_PATH, prefix)), BooleanClause.Occur.SHOULD)
                    .add(new PrefixQuery(new Term(KeywordDocument.CATEGORY_PATH, prefix + CategoryPath.SEPARATOR)),
                            BooleanClause.Occur.SHOULD)
                    .build();
            narrowed.add(category, BooleanClause.Occur.FILTER);
        }
        if (filter.currency() != null) {
            narrowed.add(NumericDocValuesField.newSlowExactQuery(KeywordDocument.CURRENCY,
                    KeywordDocument.currencyCode(filter.currency())), BooleanClause.Occur.FILTER);
            long min = filter.minPrice() == null ? Long.MIN_VALUE
                    : KeywordDocument.cents(filter.minPrice().setScale(2, RoundingMode.CEILING));
            long max = filter.maxPrice() == null ? Long.MAX_VALUE
                    : KeywordDocument.cents(filter.maxPrice().setScale(2, RoundingMode.FLOOR));
            narrowed.add(NumericDocValuesField.newSlowRangeQuery(KeywordDocument.PRICE_CENTS, min, max),
                    BooleanClause.Occur.FILTER);
        }
        return narrowed.build();
    }
}
