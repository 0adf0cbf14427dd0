package io.seamline.projection.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * Turns what a shopper typed into a BM25 query over the product's text fields. No query syntax is parsed, so
 * input such as {@code "kettle (red"} or {@code AND} is just words; any word may match (OR), and a word in
 * the title counts {@code titleBoost} times, because a product is mostly found by what it is called.
 */
public final class KeywordQuery {

    /**
     * Words (after analysis: stop words dropped, each CJK character a word) one query may hold. Each word is a
     * clause in every text field, and Lucene refuses a query of more than {@link IndexSearcher#getMaxClauseCount()}
     * clauses (1024): 128 words in 5 fields stay well below it. A pasted title has far fewer.
     */
    public static final int MAX_WORDS = 128;

    private final QueryBuilder builder;
    private final float titleBoost;

    KeywordQuery(Analyzer analyzer, float titleBoost) {
        this.builder = new QueryBuilder(analyzer);
        this.titleBoost = titleBoost;
    }

    /** The queries the keyword index asks, for tools that read its files directly (the benchmark's baseline). */
    public static KeywordQuery asTheIndexAsks(float titleBoost) {
        return new KeywordQuery(KeywordIndex.analyzer(), titleBoost);
    }

    /** The query for the text, or null when it has no searchable word (only stop words or punctuation). */
    public Query parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        boolean any = false;
        for (String field : KeywordDocument.TEXT_FIELDS) {
            Query perField = builder.createBooleanQuery(field, text, BooleanClause.Occur.SHOULD);
            int terms = terms(perField);
            if (terms > MAX_WORDS) {
                throw new QueryTooComplex("the query has " + terms + " words to search for; at most " + MAX_WORDS
                        + " fit in one search");
            }
            if (perField != null) {
                words.add(field.equals(KeywordDocument.TITLE) ? new BoostQuery(perField, titleBoost) : perField,
                        BooleanClause.Occur.SHOULD);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        // tombstones carry no words, so they never match; the filter says so explicitly and costs no score
        return new BooleanQuery.Builder()
                .add(words.build(), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KeywordDocument.STATUS, KeywordDocument.LIVE)), BooleanClause.Occur.FILTER)
                .build();
    }

    /** The term queries (clauses, as Lucene counts them) in a query. */
    private static int terms(Query query) {
        if (query == null) {
            return 0;
        }
        int[] count = {0};
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query leaf, Term... terms) {
                count[0]++;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return count[0];
    }
}
