package io.seamline.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nDCG@10, Recall@10 and reciprocal rank of one ranking against one query's graded judgements; a product is relevant
 * when its grade is at least {@value #RELEVANT_GRADE} (ESCI's Exact or Substitute), and unjudged products are
 * irrelevant (grade 0).
 *
 * <ul>
 *   <li><b>nDCG@k</b> = DCG@k / IDCG@k with DCG@k = Σ_{rank ≤ k} (2^grade − 1) / log2(rank + 1); IDCG@k is the DCG of
 *       the query's judged grades sorted descending (all of them, not only those retrieved). Uses every grade, so a
 *       Complement (1) still earns a little gain. 0 when the query has no judged grade above 0.</li>
 *   <li><b>Recall@k</b> = relevant products in the top k / all relevant products of the query; 0 without any.</li>
 *   <li><b>Reciprocal rank</b> = 1 / rank of the first relevant product in the whole ranking; 0 when none is
 *       retrieved. MRR is its mean over the queries.</li>
 * </ul>
 * A product repeated in a ranking counts at its first position only.
 */
public final class RelevanceMetrics {

    /** The cut-off of nDCG and Recall. */
    public static final int K = 10;
    /** The lowest grade that counts as relevant for Recall and MRR: Substitute (2) and Exact (3). */
    public static final int RELEVANT_GRADE = 2;

    /** One query's three scores. */
    public record Scores(double ndcg, double recall, double reciprocalRank) {
    }

    private RelevanceMetrics() {
    }

    /** All three scores of {@code ranking} (product ids, best first) against {@code grades} (product id to grade). */
    public static Scores score(List<String> ranking, Map<String, Integer> grades) {
        return new Scores(ndcg(ranking, grades, K), recall(ranking, grades, K), reciprocalRank(ranking, grades));
    }

    public static double ndcg(List<String> ranking, Map<String, Integer> grades, int k) {
        double ideal = dcg(grades.values().stream().sorted((a, b) -> b - a).toList(), k);
        if (ideal == 0) {
            return 0;
        }
        List<String> top = distinctTop(ranking, k);
        return dcg(top.stream().map(id -> grades.getOrDefault(id, 0)).toList(), k) / ideal;
    }

    public static double recall(List<String> ranking, Map<String, Integer> grades, int k) {
        long relevant = grades.values().stream().filter(g -> g >= RELEVANT_GRADE).count();
        if (relevant == 0) {
            return 0;
        }
        long found = distinctTop(ranking, k).stream().filter(id -> isRelevant(grades, id)).count();
        return (double) found / relevant;
    }

    public static double reciprocalRank(List<String> ranking, Map<String, Integer> grades) {
        List<String> distinct = distinctTop(ranking, ranking.size());
        for (int i = 0; i < distinct.size(); i++) {
            if (isRelevant(grades, distinct.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** Whether any judged product of the query is relevant; a query without one cannot be scored meaningfully. */
    public static boolean hasRelevant(Map<String, Integer> grades) {
        return grades.values().stream().anyMatch(g -> g >= RELEVANT_GRADE);
    }

    private static boolean isRelevant(Map<String, Integer> grades, String id) {
        return grades.getOrDefault(id, 0) >= RELEVANT_GRADE;
    }

    private static double dcg(List<Integer> gradesInRankOrder, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, gradesInRankOrder.size()); i++) {
            dcg += (Math.pow(2, gradesInRankOrder.get(i)) - 1) / log2(i + 2);
        }
        return dcg;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private static List<String> distinctTop(List<String> ranking, int k) {
        Set<String> seen = new HashSet<>();
        return ranking.stream().filter(seen::add).limit(k).toList();
    }
}
