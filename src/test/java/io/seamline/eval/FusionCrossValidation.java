package io.seamline.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Chooses fusion parameters by k-fold cross-validation over queries: for each fold, the setting of the grid with the
 * highest mean nDCG@10 on the other folds is chosen and scored on the held-out fold, so no query's score comes from a
 * parameter tuned on it. Ties on the training folds go to the setting listed first in the grid.
 */
public final class FusionCrossValidation {

    /** Folds unless configured. */
    public static final int FOLDS = 5;
    /** The fixed seed that assigns queries to folds. */
    public static final long SEED = 20261123L;

    /** One fold: its held-out queries, the setting chosen on the others, and the mean nDCG@10 on both sides. */
    public record Fold(int index, List<String> heldOut, FusionSetting chosen, double trainNdcg, double heldOutNdcg) {
    }

    /**
     * The folds, the mean of their held-out nDCG@10 and each query's held-out nDCG@10 (every query is held out once).
     */
    public record Result(List<Fold> folds, double meanOfFolds, Map<String, Double> heldOutNdcg) {

        /** The held-out nDCG@10 averaged over all queries (folds weighted by their size). */
        public double pooledMean() {
            return heldOutNdcg.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private FusionCrossValidation() {
    }

    /** {@link #FOLDS}-fold cross-validation with {@link #SEED}. */
    public static Result run(List<QueryRankings> queries, Function<String, Map<String, Integer>> grades,
                             List<FusionSetting> grid) {
        return run(queries, grades, grid, FOLDS, SEED);
    }

    public static Result run(List<QueryRankings> queries, Function<String, Map<String, Integer>> grades,
                             List<FusionSetting> grid, int folds, long seed) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("an empty grid has nothing to choose from");
        }
        if (folds < 2 || folds > queries.size()) {
            throw new IllegalArgumentException(folds + " folds need 2 to " + queries.size() + " (the queries)");
        }
        // every query under every setting, once: the folds only pick rows of this table
        Map<String, double[]> ndcg = new LinkedHashMap<>();
        for (QueryRankings q : queries) {
            double[] row = new double[grid.size()];
            for (int s = 0; s < grid.size(); s++) {
                row[s] = RelevanceMetrics.ndcg(grid.get(s).rank(q.bm25(), q.vector()), grades.apply(q.queryId()),
                        RelevanceMetrics.K);
            }
            if (ndcg.put(q.queryId(), row) != null) {
                throw new IllegalArgumentException("query " + q.queryId() + " is given twice");
            }
        }
        List<List<String>> assignment = assign(List.copyOf(ndcg.keySet()), folds, seed);
        List<Fold> result = new ArrayList<>();
        Map<String, Double> heldOut = new LinkedHashMap<>();
        for (int f = 0; f < folds; f++) {
            List<String> test = assignment.get(f);
            List<String> train = new ArrayList<>();
            for (int g = 0; g < folds; g++) {
                if (g != f) {
                    train.addAll(assignment.get(g));
                }
            }
            int best = 0;
            double bestTrain = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < grid.size(); s++) {
                double mean = mean(ndcg, train, s);
                if (mean > bestTrain) {
                    best = s;
                    bestTrain = mean;
                }
            }
            for (String q : test) {
                heldOut.put(q, ndcg.get(q)[best]);
            }
            result.add(new Fold(f + 1, test, grid.get(best), bestTrain, mean(ndcg, test, best)));
        }
        double meanOfFolds = result.stream().mapToDouble(Fold::heldOutNdcg).average().orElse(Double.NaN);
        return new Result(result, meanOfFolds, heldOut);
    }

    /** The query ids shuffled with {@code seed} (from sorted order, so the input order does not matter), dealt round-robin. */
    static List<List<String>> assign(List<String> queryIds, int folds, long seed) {
        List<String> shuffled = new ArrayList<>(queryIds);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(seed));
        List<List<String>> assignment = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < shuffled.size(); i++) {
            assignment.get(i % folds).add(shuffled.get(i));
        }
        return assignment;
    }

    private static double mean(Map<String, double[]> ndcg, List<String> queries, int setting) {
        double sum = 0;
        for (String q : queries) {
            sum += ndcg.get(q)[setting];
        }
        return sum / queries.size();
    }
}
