package io.seamline.demo;

import io.seamline.domain.CategoryPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Guesses a category for a product the ESCI data leaves without one, from the catalogue itself: the categories
 * of the categorised products whose titles share the most rare words with its title (IDF-weighted cosine), the
 * closest {@value #NEIGHBOURS} voting by similarity level by level down the path, as deep as they mostly agree. Below {@value #MIN_SIMILARITY} nothing is close enough and
 * the product is {@value CategoryPath#UNCATEGORISED}. Only titles are read, never the relevance judgements, so the guess
 * cannot leak the evaluation's labels into the search index.
 */
final class CategoryGuess {

    /** The category of a product nothing could be derived for; a value, never null, so analytics can exclude it. */
    static final int NEIGHBOURS = 5;
    static final double MIN_SIMILARITY = 0.30;
    /** The share of the neighbours' similarity a level of the path needs before the guess goes that deep. */
    static final double AGREEMENT = 0.6;

    private final List<String> categories = new ArrayList<>();
    /** Per word, the titles holding it and the word's weight in each: a plain array walk per query word. */
    private final Map<String, Posting> postings = new HashMap<>();
    private final Map<String, Double> idf = new HashMap<>();

    private record Posting(int[] titles, double[] weights) {
    }

    CategoryGuess(List<Map<String, String>> rows) {
        List<Set<String>> titles = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Map<String, String> row : rows) {
            String category = row.getOrDefault("category", "");
            if (category.isEmpty()) {
                continue;
            }
            Set<String> words = words(row.getOrDefault("title", ""));
            words.forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
            titles.add(words);
            categories.add(category);
        }
        documentFrequency.forEach((w, df) -> idf.put(w, Math.log(1.0 + (double) titles.size() / df)));
        Map<String, List<Integer>> titlesOf = new HashMap<>();
        Map<String, List<Double>> weightsOf = new HashMap<>();
        for (int d = 0; d < titles.size(); d++) {
            for (Map.Entry<String, Double> w : vector(titles.get(d)).entrySet()) {
                titlesOf.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(d);
                weightsOf.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(w.getValue());
            }
        }
        titlesOf.forEach((w, ds) -> postings.put(w, new Posting(ds.stream().mapToInt(Integer::intValue).toArray(),
                weightsOf.get(w).stream().mapToDouble(Double::doubleValue).toArray())));
    }

    /** The voted category of the closest titles, or {@value CategoryPath#UNCATEGORISED} when none is close enough. */
    String categoryOf(String title) {
        double[] dot = new double[categories.size()];
        vector(words(title)).forEach((w, weight) -> {
            Posting posting = postings.get(w);
            for (int i = 0; i < posting.titles().length; i++) {
                dot[posting.titles()[i]] += weight * posting.weights()[i];
            }
        });
        Map<Integer, Double> scored = new HashMap<>();
        for (int d = 0; d < dot.length; d++) {
            if (dot[d] >= MIN_SIMILARITY) {
                scored.put(d, dot[d]);
            }
        }
        List<Map.Entry<Integer, Double>> closest = scored.entrySet().stream()
                // ties broken by position so the guess does not depend on hash order
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(NEIGHBOURS).toList();
        if (closest.isEmpty()) {
            return CategoryPath.UNCATEGORISED;
        }
        double total = closest.stream().mapToDouble(Map.Entry::getValue).sum();
        // descend the category path only as deep as most of the neighbours' similarity agrees
        String agreed = null;
        for (int depth = 1; ; depth++) {
            Map<String, Double> votes = new TreeMap<>();
            for (Map.Entry<Integer, Double> e : closest) {
                String prefix = prefix(categories.get(e.getKey()), depth);
                if (prefix != null && (agreed == null || prefix.startsWith(agreed))) {
                    votes.merge(prefix, e.getValue(), Double::sum);
                }
            }
            Map.Entry<String, Double> best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
            if (best == null || best.getValue() < AGREEMENT * total) {
                return agreed != null ? agreed : CategoryPath.UNCATEGORISED;
            }
            agreed = best.getKey();
        }
    }

    /** The first {@code depth} levels of the path, or null when it is shallower. */
    private static String prefix(String category, int depth) {
        String[] path = category.split(" > ");
        return path.length < depth ? null : String.join(" > ", java.util.Arrays.copyOf(path, depth));
    }

    /** Unit-length IDF weights of the words; words unknown to the categorised titles carry no weight. */
    private Map<String, Double> vector(Set<String> words) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (String w : words) {
            Double weight = idf.get(w);
            if (weight != null) {
                v.put(w, weight);
                norm += weight * weight;
            }
        }
        double length = Math.sqrt(norm);
        v.replaceAll((w, weight) -> weight / length);
        return v;
    }

    /** Lower-case words of three letters or more; numbers and sizes say little about what a product is. */
    static Set<String> words(String title) {
        Set<String> words = new HashSet<>();
        for (String w : title.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (w.length() >= 3) {
                words.add(w);
            }
        }
        return words;
    }
}
