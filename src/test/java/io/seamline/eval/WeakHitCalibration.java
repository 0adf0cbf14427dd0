package io.seamline.eval;

import io.seamline.projection.vector.ProductText;
import io.seamline.projection.vector.SentenceEmbedder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * How the weak-best-hit threshold ({@code seamline.search.weak-below}) was chosen: embeds the judged catalogue and
 * prints, for the 80 judged queries and for queries no shop answers (made-up words), the similarity of the best
 * exact vector hit, and whether that hit is judged Exact or Substitute. Run by hand on the test classpath (it embeds
 * the whole catalogue: a few minutes on 2 cores), {@code -Deval.dir} pointing at the relevance set's directory.
 */
public final class WeakHitCalibration {

    /** Queries nothing in a shop answers: made-up words, keyboard mashing and a topic no product has. */
    static final List<String> NONSENSE = List.of("xqzvbl prtkw", "asdfgh jkl", "zzzzzz", "qwerty uiop zxcv",
            "florbix quandle", "vvvv wwww", "blarghmonk", "snerp glorbo trinkle", "kjhgf dsa", "plumbus dinglebop",
            "xkcd 927 zorp", "ooooo", "mmmm nnnn pppp", "grizzleflap wumpus", "fjdksla", "zibzab quorbit",
            "hjkl yuio", "trzx vbnm", "wubba lubba", "qqqq rrrr");

    private WeakHitCalibration() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("eval.dir", "/work/shared/data/relevance"));
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve("products.tsv.gz"))), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t", -1);
                ids.add(cells[0].trim());
                texts.add(ProductText.of(cells[1].trim(), cells[2].trim()));
            }
        }
        SentenceEmbedder embedder = new SentenceEmbedder();
        List<float[]> vectors = embedder.embedAll(texts);
        Map<String, Map<String, Integer>> grades = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("qrels_dev.tsv")).subList(1, Files.readAllLines(
                dir.resolve("qrels_dev.tsv")).size())) {
            String[] c = line.split("\t");
            grades.computeIfAbsent(c[0], q -> new HashMap<>()).put(c[1], Integer.parseInt(c[2]));
        }
        List<String> queryLines = Files.readAllLines(dir.resolve("queries_dev.tsv"));
        List<Double> good = new ArrayList<>();
        List<Double> judgedBad = new ArrayList<>();
        for (String line : queryLines.subList(1, queryLines.size())) {
            String[] c = line.split("\t");
            Best best = best(embedder.embed(c[1]), ids, vectors);
            int grade = grades.getOrDefault(c[0], Map.of()).getOrDefault(best.id, 0);
            (grade >= 2 ? good : judgedBad).add(best.score);
            System.out.printf("judged\t%.4f\t%d\t%s%n", best.score, grade, c[1]);
        }
        List<Double> nonsense = new ArrayList<>();
        for (String q : NONSENSE) {
            Best best = best(embedder.embed(q), ids, vectors);
            nonsense.add(best.score);
            System.out.printf("nonsense\t%.4f\t-\t%s%n", best.score, q);
        }
        System.out.println("best hit Exact/Substitute: " + summary(good));
        System.out.println("best hit judged worse or unjudged: " + summary(judgedBad));
        System.out.println("nonsense: " + summary(nonsense));
    }

    private record Best(String id, double score) {
    }

    private static Best best(float[] query, List<String> ids, List<float[]> vectors) {
        int best = 0;
        double score = -1;
        for (int i = 0; i < vectors.size(); i++) {
            double s = similarity(query, vectors.get(i));
            if (s > score) {
                score = s;
                best = i;
            }
        }
        return new Best(ids.get(best), score);
    }

    /** As the vector index scores: (1 + cosine) / 2 of unit vectors. */
    private static double similarity(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return (1 + dot) / 2;
    }

    private static String summary(List<Double> scores) {
        double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            return "none";
        }
        return String.format("n=%d min=%.4f p5=%.4f p50=%.4f p95=%.4f max=%.4f", s.length, s[0],
                s[(int) (s.length * 0.05)], s[s.length / 2], s[Math.min(s.length - 1, (int) (s.length * 0.95))],
                s[s.length - 1]) + " " + Arrays.toString(Arrays.stream(s).map(x -> Math.round(x * 1000) / 1000.0).toArray());
    }
}
