package io.seamline.demo;

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
 * the product is {@value #UNCATEGORISED}. Only titles are read, never the relevance judgements, so the guess
 * cannot leak the evaluation's labels into the search index.
 */
final class CategoryGuess {

    /** The category of a product nothing could be derived for; a value, never null, so analytics can exclude it. */
    static final String UNCATEGORISED = "Uncategorised";
    static final int NEIGHBOURS = 5;
    static final double MIN_SIMILARITY = 0.30;
    /** The share of the neighbours' similarity a level of the path needs before the guess goes that deep. */
    static final double AGREEMENT = 0.6;

    private final List<String> categories = new ArrayList<>();
    private final List<Map<String, Double>> vectors = new ArrayList<>();
    private final Map<String, List<Integer>> postings = new HashMap<>();
    private final Map<String, Double> idf = new HashMap<>();

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
        for (int d = 0; d < titles.size(); d++) {
            vectors.add(vector(titles.get(d)));
            for (String w : titles.get(d)) {
                postings.computeIfAbsent(w, k -> new ArrayList<>()).add(d);
            }
        }
    }

    /** The voted category of the closest titles, or {@value #UNCATEGORISED} when none is close enough. */
    String categoryOf(String title) {
        Map<String, Double> query = vector(words(title));
        Map<Integer, Double> dot = new HashMap<>();
        query.forEach((w, weight) -> {
            for (int d : postings.getOrDefault(w, List.of())) {
                dot.merge(d, weight * vectors.get(d).get(w), Double::sum);
            }
        });
        List<Map.Entry<Integer, Double>> closest = dot.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_SIMILARITY)
                // ties broken by position so the guess does not depend on hash order
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(NEIGHBOURS).toList();
        if (closest.isEmpty()) {
            return UNCATEGORISED;
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
                return agreed != null ? agreed : UNCATEGORISED;
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
