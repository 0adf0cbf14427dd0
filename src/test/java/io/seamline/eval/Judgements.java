package io.seamline.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's queries and their graded judgements, read from two tab-separated files with a header line:
 * queries ({@code query_id, query}) and qrels ({@code query_id, product_id, grade}, grade 0 to 3).
 */
public final class Judgements {

    /** The highest grade, ESCI's Exact. */
    public static final int MAX_GRADE = 3;

    private final Map<String, String> queries;
    private final Map<String, Map<String, Integer>> grades;

    Judgements(Map<String, String> queries, Map<String, Map<String, Integer>> grades) {
        this.queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        grades.forEach((q, g) -> copy.put(q, Map.copyOf(g)));
        this.grades = Collections.unmodifiableMap(copy);
    }

    /** Reads both files; a malformed row fails with the file and line. */
    public static Judgements read(Path queriesFile, Path qrelsFile) {
        Map<String, String> queries = new LinkedHashMap<>();
        List<String> queryLines = lines(queriesFile, List.of("query_id", "query"));
        for (int i = 1; i < queryLines.size(); i++) {
            String[] f = fields(queriesFile, i, queryLines.get(i), 2);
            if (f == null) {
                continue;
            }
            if (queries.putIfAbsent(f[0], f[1]) != null) {
                throw malformed(queriesFile, i, "query_id " + f[0] + " appears twice");
            }
        }
        Map<String, Map<String, Integer>> grades = new HashMap<>();
        List<String> qrelLines = lines(qrelsFile, List.of("query_id", "product_id", "grade"));
        for (int i = 1; i < qrelLines.size(); i++) {
            String[] f = fields(qrelsFile, i, qrelLines.get(i), 3);
            if (f == null) {
                continue;
            }
            if (!queries.containsKey(f[0])) {
                throw malformed(qrelsFile, i, "query_id " + f[0] + " is not in " + queriesFile.getFileName());
            }
            int grade = grade(qrelsFile, i, f[2]);
            if (grades.computeIfAbsent(f[0], q -> new HashMap<>()).putIfAbsent(f[1], grade) != null) {
                throw malformed(qrelsFile, i, "product " + f[1] + " is judged twice for query " + f[0]);
            }
        }
        return new Judgements(queries, grades);
    }

    /** Query id to query text, in the file's order. */
    public Map<String, String> queries() {
        return queries;
    }

    /** The judged grades of one query by product id (empty when it has none). */
    public Map<String, Integer> grades(String queryId) {
        return grades.getOrDefault(queryId, Map.of());
    }

    public int judgementCount() {
        return grades.values().stream().mapToInt(Map::size).sum();
    }

    private static List<String> lines(Path file, List<String> header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !List.of(strip(lines.get(0)).split("\t", -1)).equals(header)) {
            throw malformed(file, 0, "expected the header line " + String.join("<TAB>", header));
        }
        return lines;
    }

    /** The row's fields, trimmed; null for a blank line. */
    private static String[] fields(Path file, int index, String line, int count) {
        if (line.isBlank()) {
            return null;
        }
        String[] f = line.split("\t", -1);
        if (f.length != count) {
            throw malformed(file, index, "expected " + count + " tab-separated fields, got " + f.length);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].trim();
            if (f[i].isEmpty()) {
                throw malformed(file, index, "field " + (i + 1) + " is empty");
            }
        }
        return f;
    }

    private static int grade(Path file, int index, String raw) {
        try {
            int grade = Integer.parseInt(raw);
            if (grade >= 0 && grade <= MAX_GRADE) {
                return grade;
            }
        } catch (NumberFormatException e) {
            // reported below with the file and line
        }
        throw malformed(file, index, "grade must be an integer from 0 to " + MAX_GRADE + ", got '" + raw + "'");
    }

    private static String strip(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    private static IllegalArgumentException malformed(Path file, int index, String problem) {
        return new IllegalArgumentException(file + ":" + (index + 1) + ": " + problem);
    }
}
