package io.seamline.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per query, a hybrid mode's nDCG@10 against the better single mode's (the one with the higher mean): wins, ties and
 * losses, and the queries it gained or lost most on. Differences within {@value #TIE} are ties.
 */
public record HybridComparison(ModeScores hybrid, ModeScores single, int wins, int ties, int losses,
                               List<QueryDelta> gains, List<QueryDelta> drops) {

    /** nDCG@10 differences this small are rounding, not a win or a loss. */
    public static final double TIE = 1e-9;

    /** One query's nDCG@10 in both modes. */
    public record QueryDelta(String queryId, double single, double hybrid) {
        public double delta() {
            return hybrid - single;
        }
    }

    /** The better of {@code singles} by mean nDCG@10 (the first on a tie). */
    public static ModeScores best(List<ModeScores> singles) {
        ModeScores best = singles.get(0);
        for (ModeScores s : singles) {
            if (s.ndcg() > best.ndcg()) {
                best = s;
            }
        }
        return best;
    }

    /** Compares {@code hybrid} with {@code single}; {@code top} queries each way, largest change first (ties by id). */
    public static HybridComparison of(ModeScores hybrid, ModeScores single, int top) {
        List<QueryDelta> deltas = new ArrayList<>();
        for (String q : hybrid.byQuery().keySet()) {
            deltas.add(new QueryDelta(q, single.ndcg(q), hybrid.ndcg(q)));
        }
        int wins = (int) deltas.stream().filter(d -> d.delta() > TIE).count();
        int losses = (int) deltas.stream().filter(d -> d.delta() < -TIE).count();
        Comparator<QueryDelta> byId = Comparator.comparing(QueryDelta::queryId);
        List<QueryDelta> gains = deltas.stream().filter(d -> d.delta() > TIE)
                .sorted(Comparator.comparingDouble(QueryDelta::delta).reversed().thenComparing(byId)).limit(top).toList();
        List<QueryDelta> drops = deltas.stream().filter(d -> d.delta() < -TIE)
                .sorted(Comparator.comparingDouble(QueryDelta::delta).thenComparing(byId)).limit(top).toList();
        return new HybridComparison(hybrid, single, wins, deltas.size() - wins - losses, losses, gains, drops);
    }

    /** Mean nDCG@10 of the hybrid over the single mode's; NaN when the single mode scores 0. */
    public double lift() {
        return single.ndcg() == 0 ? Double.NaN : hybrid.ndcg() / single.ndcg();
    }
}
