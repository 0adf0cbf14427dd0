package io.seamline.projection.search;

import io.seamline.projection.vector.VectorAnswer;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.consume.StoredPosition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Product search in three modes: keywords (BM25), meaning (vectors), or both fused. Hybrid takes the top
 * {@code depth} of each index and fuses them, so a product one index ranks low but the other ranks high can
 * still reach the top k. Every answer names the position of each index it read.
 */
@ApplicationScoped
public class HybridSearch {

    /** Which index answers. */
    public enum Mode { BM25, VECTOR, HYBRID }

    /** How hybrid combines the two rankings. */
    public enum FusionMethod { RRF, LINEAR }

    /** One product of an answer: its score in the mode asked, and its rank and score in each index that found it. */
    public record Hit(String productId, double score, Integer bm25Rank, Integer vectorRank, Double bm25Score,
                      Double vectorScore, String title, String category) {
    }

    /** An answer, with the fusion parameter used (hybrid only) and the position of each index read. */
    public record Answer(String query, Mode mode, FusionMethod fusion, Number fusionParameter, List<Hit> hits,
                         Map<String, StoredPosition> watermark) {
    }

    private final KeywordSearch keywords;
    private final VectorReadModel vectors;
    private final SearchConfig.Hybrid config;

    HybridSearch(KeywordSearch keywords, VectorReadModel vectors, SearchConfig config) {
        this.keywords = keywords;
        this.vectors = vectors;
        this.config = config.hybrid();
    }

    /** The fusion hybrid uses when the caller names none. */
    public FusionMethod defaultFusion() {
        return FusionMethod.valueOf(config.fusion().trim().toUpperCase(java.util.Locale.ROOT));
    }

    public Answer search(String query, Mode mode, int k, FusionMethod fusion) {
        Map<String, StoredPosition> watermark = new LinkedHashMap<>();
        return switch (mode) {
            case BM25 -> {
                KeywordResult result = keywords.search(query, k);
                watermark.put("bm25", result.position());
                List<Hit> hits = new ArrayList<>();
                for (KeywordHit hit : result.hits()) {
                    hits.add(new Hit(hit.productId(), hit.score(), hits.size() + 1, null, (double) hit.score(), null,
                            hit.title(), hit.category()));
                }
                yield new Answer(query, mode, null, null, hits, watermark);
            }
            case VECTOR -> {
                VectorAnswer result = vectors.search(query, k);
                watermark.put("vector", result.position());
                Map<String, KeywordHit> described = keywords.describe(result.productIds());
                List<Hit> hits = new ArrayList<>();
                for (var hit : result.hits()) {
                    KeywordHit about = described.get(hit.productId());
                    hits.add(new Hit(hit.productId(), hit.score(), null, hits.size() + 1, null, (double) hit.score(),
                            about == null ? null : about.title(), about == null ? null : about.category()));
                }
                yield new Answer(query, mode, null, null, hits, watermark);
            }
            case HYBRID -> hybrid(query, k, fusion == null ? defaultFusion() : fusion, watermark);
        };
    }

    private Answer hybrid(String query, int k, FusionMethod fusion, Map<String, StoredPosition> watermark) {
        int candidates = Math.max(k, config.depth());
        KeywordResult bm25 = keywords.search(query, candidates);
        VectorAnswer vector = vectors.search(query, candidates);
        watermark.put("bm25", bm25.position());
        watermark.put("vector", vector.position());
        List<RankedHit> bm25Ranking = bm25.hits().stream().map(h -> new RankedHit(h.productId(), h.score())).toList();
        List<RankedHit> vectorRanking = vector.hits().stream().map(h -> new RankedHit(h.productId(), h.score())).toList();
        List<Fusion.FusedHit> fused = fusion == FusionMethod.RRF
                ? Fusion.rrf(bm25Ranking, vectorRanking, config.rrfC())
                : Fusion.linear(bm25Ranking, vectorRanking, config.linearWeight());
        List<Fusion.FusedHit> top = fused.subList(0, Math.min(k, fused.size()));
        Map<String, KeywordHit> described = keywords.describe(top.stream().map(Fusion.FusedHit::productId).toList());
        List<Hit> hits = new ArrayList<>();
        for (Fusion.FusedHit hit : top) {
            KeywordHit about = described.get(hit.productId());
            hits.add(new Hit(hit.productId(), hit.score(), hit.bm25Rank(), hit.vectorRank(),
                    hit.bm25Rank() == null ? null : bm25Ranking.get(hit.bm25Rank() - 1).score(),
                    hit.vectorRank() == null ? null : vectorRanking.get(hit.vectorRank() - 1).score(),
                    about == null ? null : about.title(), about == null ? null : about.category()));
        }
        Number parameter = config.linearWeight(); // not a conditional expression: that would widen RRF's c to 60.0
        if (fusion == FusionMethod.RRF) {
            parameter = config.rrfC();
        }
        return new Answer(query, Mode.HYBRID, fusion, parameter, hits, watermark);
    }
}
