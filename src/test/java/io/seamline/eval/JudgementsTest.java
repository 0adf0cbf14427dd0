package io.seamline.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgementsTest {

    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void wellFormedFiles_areRead() throws IOException {
        Path queries = file("q.tsv", "query_id\tquery", "1\tred shoes", "2\tkettle");
        Path qrels = file("r.tsv", "query_id\tproduct_id\tgrade", "1\tB1\t3", "1\tB2\t0", "2\tB3\t2", "");

        Judgements j = Judgements.read(queries, qrels);

        assertEquals(List.of("1", "2"), List.copyOf(j.queries().keySet()));
        assertEquals("red shoes", j.queries().get("1"));
        assertEquals(Map.of("B1", 3, "B2", 0), j.grades("1"));
        assertEquals(Map.of(), j.grades("3"));
        assertEquals(3, j.judgementCount());
    }

    @Test
    void malformedRow_namesFileAndLine() throws IOException {
        Path queries = file("q.tsv", "query_id\tquery", "1\tred shoes");
        Path qrels = file("r.tsv", "query_id\tproduct_id\tgrade", "1\tB1\t3", "1\tB2");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Judgements.read(queries, qrels));

        assertEquals(qrels + ":3: expected 3 tab-separated fields, got 2", e.getMessage());
    }

    @Test
    void badGrade_unknownQuery_missingHeader_areRefused() throws IOException {
        Path queries = file("q.tsv", "query_id\tquery", "1\tred shoes");
        IllegalArgumentException grade = assertThrows(IllegalArgumentException.class, () -> Judgements.read(queries,
                file("r1.tsv", "query_id\tproduct_id\tgrade", "1\tB1\tExact")));
        assertTrue(grade.getMessage().startsWith(dir.resolve("r1.tsv") + ":2: grade must be"), grade.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Judgements.read(queries,
                file("r2.tsv", "query_id\tproduct_id\tgrade", "7\tB1\t1")));
        assertTrue(unknown.getMessage().startsWith(dir.resolve("r2.tsv") + ":2: query_id 7"), unknown.getMessage());

        IllegalArgumentException header = assertThrows(IllegalArgumentException.class, () -> Judgements.read(
                file("q2.tsv", "1\tred shoes"), file("r3.tsv", "query_id\tproduct_id\tgrade")));
        assertTrue(header.getMessage().startsWith(dir.resolve("q2.tsv") + ":1: expected the header"),
                header.getMessage());
    }

    @Test
    void shippedDevSet_isComplete() {
        Judgements j = Judgements.read(Path.of("src/test/resources/relevance/queries_dev.tsv"),
                Path.of("src/test/resources/relevance/qrels_dev.tsv"));

        assertEquals(80, j.queries().size());
        assertEquals(3_640, j.judgementCount());
        assertTrue(j.queries().keySet().stream().allMatch(q -> RelevanceMetrics.hasRelevant(j.grades(q))));
    }
}
