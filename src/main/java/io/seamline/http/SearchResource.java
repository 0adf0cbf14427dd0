package io.seamline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.projection.search.HybridSearch;
import io.seamline.seam.consume.StoredPosition;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Product search: keywords, meaning, or both fused; each answer says which index positions it reflects. */
@RolesAllowed(Roles.READER)
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    /** One product found; the per-index scores only when {@code explain=true}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(String productId, String title, String category, double score, Map<String, Integer> ranks,
                        Map<String, Double> scores) {
    }

    /** The answer: the hits best first, and per index the watermark it was read at. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String query, String mode, String fusion, Number fusionParameter, int k, List<Found> hits,
                         Map<String, StoredPosition> watermark) {
    }

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final HybridSearch search;

    SearchResource(HybridSearch search) {
        this.search = search;
    }

    @GET
    public Answer search(@QueryParam("q") String q, @QueryParam("mode") @DefaultValue("hybrid") String mode,
                         @QueryParam("k") @DefaultValue("10") String k, @QueryParam("fusion") String fusion,
                         @QueryParam("explain") @DefaultValue("false") boolean explain) {
        String query = query(q);
        HybridSearch.Mode parsedMode = parse(HybridSearch.Mode.class, "mode", mode);
        HybridSearch.FusionMethod parsedFusion = fusion == null ? null
                : parse(HybridSearch.FusionMethod.class, "fusion", fusion);
        int limit = (int) QueryNumbers.parse("k", k, 1, RequestLimits.SEARCH_RESULTS);
        HybridSearch.Answer answer = search.search(query, parsedMode, limit, parsedFusion);
        List<Found> hits = answer.hits().stream().map(hit -> found(hit, explain)).toList();
        return new Answer(answer.query(), lower(answer.mode()), answer.fusion() == null ? null : lower(answer.fusion()),
                answer.fusionParameter(), limit, hits, answer.watermark());
    }

    private static Found found(HybridSearch.Hit hit, boolean explain) {
        Map<String, Integer> ranks = new java.util.LinkedHashMap<>();
        Map<String, Double> scores = new java.util.LinkedHashMap<>();
        if (hit.bm25Rank() != null) {
            ranks.put("bm25", hit.bm25Rank());
            scores.put("bm25", hit.bm25Score());
        }
        if (hit.vectorRank() != null) {
            ranks.put("vector", hit.vectorRank());
            scores.put("vector", hit.vectorScore());
        }
        return new Found(hit.productId(), hit.title(), hit.category(), hit.score(), ranks, explain ? scores : null);
    }

    private static String query(String q) {
        // control characters carry no words (and leave the embedding model nothing to embed): spaces for them
        String query = q == null ? "" : CONTROL.matcher(q).replaceAll(" ").strip();
        if (query.isEmpty()) {
            throw new RuleViolation("query-required", "q", "q must hold the words to search for");
        }
        if (query.length() > RequestLimits.SEARCH_QUERY) {
            throw new RuleViolation("query-too-long", "q", "q must be at most " + RequestLimits.SEARCH_QUERY
                    + " characters, got " + query.length());
        }
        return query;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String raw) {
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("unknown-" + field, field, field + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(SearchResource::lower).toList() + ", got " + raw);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
