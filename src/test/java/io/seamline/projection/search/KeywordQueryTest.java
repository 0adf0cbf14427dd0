package io.seamline.projection.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.QueryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a shopper's text becomes as a Lucene query, and the bound that keeps it within Lucene's clause limit. */
class KeywordQueryTest {

    private final KeywordQuery queries = KeywordQuery.asTheIndexAsks(2.0f);
    private Directory directory;
    private DirectoryReader reader;

    /** One indexed product whose title holds the word "kettle", analysed as the index analyses it. */
    @BeforeEach
    void index() throws IOException {
        directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(KeywordIndex.analyzer()))) {
            Document product = new Document();
            product.add(new TextField(KeywordDocument.TITLE, "Stainless kettle", Field.Store.NO));
            product.add(new StringField(KeywordDocument.STATUS, KeywordDocument.LIVE, Field.Store.NO));
            writer.addDocument(product);
        }
        reader = DirectoryReader.open(directory);
    }

    @AfterEach
    void close() throws IOException {
        reader.close();
        directory.close();
    }

    /** 300 CJK characters: each is a word to the analyser. */
    private static String cjk(int characters) {
        return IntStream.range(0, characters).mapToObj(i -> String.valueOf((char) (0x4E00 + i * 7)))
                .collect(Collectors.joining());
    }

    /** "kettle" and then made-up words of letters only ("zqb", "zqc", ...), so each is one token. */
    private static String words(int count) {
        return "kettle " + IntStream.range(1, count).mapToObj(KeywordQueryTest::madeUpWord).collect(Collectors.joining(" "));
    }

    private static String madeUpWord(int i) {
        StringBuilder word = new StringBuilder("zq");
        for (char digit : Integer.toString(i, 26).toCharArray()) {
            word.append((char) ('a' + Character.digit(digit, 26)));
        }
        return word.toString();
    }

    @Test
    void cjkQueryOf300Characters_withoutTheBound_isOverLucenesClauseLimit() {
        // what the query was before the bound: one clause per word and field, which Lucene refuses at search time
        QueryBuilder builder = new QueryBuilder(KeywordIndex.analyzer());
        BooleanQuery.Builder unbounded = new BooleanQuery.Builder();
        for (String field : KeywordDocument.TEXT_FIELDS) {
            unbounded.add(builder.createBooleanQuery(field, cjk(300), BooleanClause.Occur.SHOULD), BooleanClause.Occur.SHOULD);
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        assertThrows(IndexSearcher.TooManyClauses.class, () -> searcher.search(unbounded.build(), 10));
    }

    @Test
    void cjkQueryOf300Characters_isRefusedAsTooComplex() {
        QueryTooComplex refused = assertThrows(QueryTooComplex.class, () -> queries.parse(cjk(300)));
        assertThat(refused.getMessage()).contains("300 words").contains("at most " + KeywordQuery.MAX_WORDS);
    }

    @Test
    void maxWords_areOneQueryLuceneAnswers() throws IOException {
        Query query = queries.parse(words(KeywordQuery.MAX_WORDS));
        assertEquals(1, new IndexSearcher(reader).search(query, 10).totalHits.value());
    }

    @Test
    void oneWordOverTheMax_isRefused() {
        assertThrows(QueryTooComplex.class, () -> queries.parse(words(KeywordQuery.MAX_WORDS + 1)));
    }

    @Test
    void aRepeatedWord_countsEveryTime() {
        assertThrows(QueryTooComplex.class, () -> queries.parse("kettle ".repeat(KeywordQuery.MAX_WORDS + 1)));
    }

    @Test
    void aLongToken_isSplitByTheAnalyser_notRefused() throws IOException {
        Query query = queries.parse("kettle " + "x".repeat(500));
        assertEquals(1, new IndexSearcher(reader).search(query, 10).totalHits.value());
    }

    @Test
    void onlyStopWords_areNoQuery() {
        assertNull(queries.parse("the and of ".repeat(100)));
    }
}
