package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.projection.vector.SearchFilter;
import io.seamline.projection.vector.VectorAnswer;
import io.seamline.projection.vector.VectorHit;
import io.seamline.projection.vector.VectorReadModel;
import io.seamline.seam.consume.StoredPosition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Product search in three modes: keywords (BM25), meaning (vectors), or both fused. Each index ranks its top
 * {@code depth} (at least offset + k) products among those the filter lets through, the filter applied inside the
 * index; hybrid fuses the two lists, so a product one index ranks low but the other ranks high can still reach the
 * top. That ranked list is the candidate set: the page is cut from it and the facets count all of it. Every answer
 * names the position of each index it read, and says whether its best hit is a weak match.
 */
@ApplicationScoped
public class HybridSearch {

    /** Which index answers. */
    public enum Mode { BM25, VECTOR, HYBRID }

    /** How hybrid combines the two rankings. */
    public enum FusionMethod { RRF, LINEAR }

    /**
     * What to search for: the words, the mode, the page ({@code offset} hits skipped, then {@code k}), the fusion and
     * its parameter (null: the configured ones; hybrid only) and the filter.
     */
    public record Request(String query, Mode mode, int k, int offset, FusionMethod fusion, Number fusionParameter,
                          SearchFilter filter) {

        /** The first k hits of a query, unfiltered, with the configured fusion. */
        public static Request of(String query, Mode mode, int k) {
            return new Request(query, mode, k, 0, null, null, SearchFilter.NONE);
        }
    }

    /** One product of an answer: its score in the mode asked, and its rank and score in each index that found it. */
    public record Hit(String productId, double score, Integer bm25Rank, Integer vectorRank, Double bm25Score,
                      Double vectorScore, String title, String category, Money price, Double rating) {
    }

    /**
     * An answer: the page of hits, how many candidates there are in all ({@code total}, what offset pages through),
     * their facets, the fusion parameter used (hybrid only), the weak-match verdict and the position of each index
     * read.
     */
    public record Answer(String query, Mode mode, FusionMethod fusion, Number fusionParameter, List<Hit> hits,
                         int total, SearchFacets facets, WeakMatch weak, Map<String, StoredPosition> watermark) {
    }

    private final KeywordSearch keywords;
    private final VectorReadModel vectors;
    private final SearchConfig config;

    HybridSearch(KeywordSearch keywords, VectorReadModel vectors, SearchConfig config) {
        this.keywords = keywords;
        this.vectors = vectors;
        this.config = config;
    }

    /** The fusion hybrid uses when the caller names none. */
    public FusionMethod defaultFusion() {
        return FusionMethod.valueOf(config.hybrid().fusion().trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The fusion parameter hybrid uses with this fusion when the caller names none: RRF's c or linear's weight. */
    public Number defaultFusionParameter(FusionMethod fusion) {
        return fusion == FusionMethod.RRF ? (Number) config.hybrid().rrfC() : (Number) config.hybrid().linearWeight();
    }

    /** The first k hits of a query, unfiltered, with the configured fusion. */
    public Answer search(String query, Mode mode, int k, FusionMethod fusion) {
        return search(new Request(query, mode, k, 0, fusion, null, SearchFilter.NONE));
    }

    public Answer search(Request request) {
        Map<String, StoredPosition> watermark = new LinkedHashMap<>();
        int candidates = Math.max(request.offset() + request.k(), config.hybrid().depth());
        String query = request.query();
        float[] queryVector = vectors.embed(query); // once: the vector search and the weak-match verdict both use it
        List<Hit> ranked = new ArrayList<>();
        FusionMethod fusion = null;
        Number parameter = null;
        switch (request.mode()) {
            case BM25 -> {
                KeywordResult result = keywords.search(query, candidates, request.filter());
                watermark.put("bm25", result.position());
                for (KeywordHit hit : result.hits()) {
                    ranked.add(new Hit(hit.productId(), hit.score(), ranked.size() + 1, null, (double) hit.score(),
                            null, hit.title(), hit.category(), hit.price(), hit.rating()));
                }
            }
            case VECTOR -> {
                VectorAnswer result = vectors.search(queryVector, candidates, request.filter());
                watermark.put("vector", result.position());
                Map<String, KeywordHit> described = keywords.describe(result.productIds());
                for (VectorHit hit : result.hits()) {
                    ranked.add(described(hit.productId(), hit.score(), null, ranked.size() + 1, null,
                            (double) hit.score(), described));
                }
            }
            case HYBRID -> {
                fusion = request.fusion() == null ? defaultFusion() : request.fusion();
                parameter = request.fusionParameter() == null ? defaultFusionParameter(fusion)
                        : request.fusionParameter();
                ranked = hybrid(request, queryVector, candidates, fusion, parameter, watermark);
            }
        }
        List<Hit> page = ranked.subList(Math.min(request.offset(), ranked.size()),
                Math.min(request.offset() + request.k(), ranked.size()));
        WeakMatch weak = ranked.isEmpty() ? WeakMatch.noHit(config.weakBelow())
                : similarity(queryVector, ranked.getFirst()).map(s -> WeakMatch.of(s, config.weakBelow()))
                .orElseGet(() -> WeakMatch.unknown(config.weakBelow()));
        return new Answer(query, request.mode(), fusion, parameter, List.copyOf(page), ranked.size(),
                SearchFacets.of(ranked), weak, watermark);
    }

    private List<Hit> hybrid(Request request, float[] queryVector, int candidates, FusionMethod fusion,
                             Number parameter, Map<String, StoredPosition> watermark) {
        KeywordResult bm25 = keywords.search(request.query(), candidates, request.filter());
        VectorAnswer vector = vectors.search(queryVector, candidates, request.filter());
        watermark.put("bm25", bm25.position());
        watermark.put("vector", vector.position());
        List<RankedHit> bm25Ranking = bm25.hits().stream().map(h -> new RankedHit(h.productId(), h.score())).toList();
        List<RankedHit> vectorRanking = vector.hits().stream().map(h -> new RankedHit(h.productId(), h.score())).toList();
        List<Fusion.FusedHit> fused = fusion == FusionMethod.RRF
                ? Fusion.rrf(bm25Ranking, vectorRanking, parameter.intValue())
                : Fusion.linear(bm25Ranking, vectorRanking, parameter.doubleValue());
        Map<String, KeywordHit> described = new LinkedHashMap<>();
        bm25.hits().forEach(hit -> described.put(hit.productId(), hit));
        List<String> vectorOnly = vector.productIds().stream().filter(id -> !described.containsKey(id)).toList();
        described.putAll(keywords.describe(vectorOnly));
        List<Hit> hits = new ArrayList<>(fused.size());
        for (Fusion.FusedHit hit : fused) {
            hits.add(described(hit.productId(), hit.score(), hit.bm25Rank(), hit.vectorRank(),
                    hit.bm25Rank() == null ? null : bm25Ranking.get(hit.bm25Rank() - 1).score(),
                    hit.vectorRank() == null ? null : vectorRanking.get(hit.vectorRank() - 1).score(), described));
        }
        return hits;
    }

    private static Hit described(String productId, double score, Integer bm25Rank, Integer vectorRank,
                                 Double bm25Score, Double vectorScore, Map<String, KeywordHit> described) {
        KeywordHit about = described.get(productId);
        return new Hit(productId, score, bm25Rank, vectorRank, bm25Score, vectorScore,
                about == null ? null : about.title(), about == null ? null : about.category(),
                about == null ? null : about.price(), about == null ? null : about.rating());
    }

    /** The best hit's similarity in meaning to the query, as the vector index scores it; empty if it has no vector. */
    private Optional<Double> similarity(float[] queryVector, Hit best) {
        if (best.vectorScore() != null) {
            return Optional.of(best.vectorScore());
        }
        return vectors.score(queryVector, best.productId()).map(Float::doubleValue);
    }
}
