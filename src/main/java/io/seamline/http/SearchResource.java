package io.seamline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.projection.search.HybridSearch;
import io.seamline.projection.search.SearchFacets;
import io.seamline.projection.search.WeakMatch;
import io.seamline.seam.consume.StoredPosition;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Product search: keywords, meaning, or both fused, narrowed by category and price inside each index, paged, with
 * facets over all candidates and a verdict on whether the best hit is a good match; each answer says which index
 * positions it reflects. A query parameter it does not know is refused, not ignored.
 */
@RolesAllowed(Roles.READER)
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    /** Every query parameter the search reads. */
    static final Set<String> PARAMETERS = Set.of("q", "mode", "k", "offset", "fusion", "fusionParameter", "explain",
            "category", "minPrice", "maxPrice", "currency");

    /** One product found; the per-index scores only when {@code explain=true}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(String productId, String title, String category, Money price, Double rating, double score,
                        Map<String, Integer> ranks, Map<String, Double> scores) {
    }

    /**
     * The answer: the page of hits best first, how many candidates there are ({@code total}), facets over all of
     * them, whether the best hit is weak and by which rule, and per index the watermark it was read at.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String query, String mode, String fusion, Number fusionParameter, int k, int offset,
                         int total, List<Found> hits, SearchFacets facets, boolean bestHitWeak, WeakMatch weakMatch,
                         Map<String, StoredPosition> watermark) {
    }

    private final HybridSearch search;

    SearchResource(HybridSearch search) {
        this.search = search;
    }

    @GET
    public Answer search(@Parameter(description = "The words to search for", example = ApiExamples.SEARCH_QUERY)
                         @QueryParam("q") String q,
                         @Parameter(description = "keyword, vector or hybrid (default)", example = "hybrid")
                         @QueryParam("mode") String mode,
                         @Parameter(description = "Hits per page, 1 to " + RequestLimits.SEARCH_RESULTS
                                 + " (default 10)", example = "10")
                         @QueryParam("k") String k,
                         @Parameter(description = "Hits to skip; offset + k at most " + SearchParameters.WINDOW,
                                 example = "10")
                         @QueryParam("offset") String offset,
                         @Parameter(description = "How hybrid mode fuses the two rankings: rrf or linear",
                                 example = "rrf")
                         @QueryParam("fusion") String fusion,
                         @Parameter(description = "RRF's c (a whole number 1 to " + SearchParameters.RRF_C_MAX
                                 + ") or linear's BM25 weight (0 to 1); hybrid mode only", example = "60")
                         @QueryParam("fusionParameter") String fusionParameter,
                         @Parameter(description = "true: each hit's rank and score in each index", example = "true")
                         @QueryParam("explain") boolean explain,
                         @Parameter(description = "A category path prefix, whole levels",
                                 example = ApiExamples.CATEGORY)
                         @QueryParam("category") String category,
                         @Parameter(description = "Lowest price, in currency", example = "10.00")
                         @QueryParam("minPrice") String minPrice,
                         @Parameter(description = "Highest price, in currency", example = "40.00")
                         @QueryParam("maxPrice") String maxPrice,
                         @Parameter(description = "The currency of a price range (ISO 4217); prices are never "
                                 + "converted", example = ApiExamples.CURRENCY)
                         @QueryParam("currency") String currency, @Context UriInfo uri) {
        refuseUnknown(uri.getQueryParameters().keySet());
        SearchParameters parameters = SearchParameters.of(q, mode, k, offset, fusion, fusionParameter, category,
                minPrice, maxPrice, currency, explain, search);
        HybridSearch.Answer answer = search.search(parameters.request());
        List<Found> hits = answer.hits().stream().map(hit -> found(hit, parameters.explain())).toList();
        return new Answer(answer.query(), SearchParameters.lower(answer.mode()),
                answer.fusion() == null ? null : SearchParameters.lower(answer.fusion()), answer.fusionParameter(),
                parameters.request().k(), parameters.request().offset(), answer.total(), hits, answer.facets(),
                answer.weak().weak(), answer.weak(), answer.watermark());
    }

    /** The parameters of a request that search does not read, sorted. */
    static Set<String> unknown(Set<String> names) {
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(PARAMETERS);
        return unknown;
    }

    static Found found(HybridSearch.Hit hit, boolean explain) {
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
        return new Found(hit.productId(), hit.title(), hit.category(), hit.price(), hit.rating(), hit.score(), ranks,
                explain ? scores : null);
    }

    /** A parameter search does not read is refused, naming it: a typo must not silently widen the search. */
    static void refuseUnknown(Set<String> names) {
        Set<String> unknown = unknown(names);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new RuleViolation("unknown-parameter", first, "search takes no parameter " + unknown
                    + "; it reads " + new TreeSet<>(PARAMETERS));
        }
    }
}
