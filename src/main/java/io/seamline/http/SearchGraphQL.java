package io.seamline.http;

import io.seamline.platform.Roles;
import io.seamline.projection.search.HybridSearch;
import io.seamline.projection.search.SearchFacets;
import io.seamline.projection.search.WeakMatch;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;

/**
 * Product search over GraphQL, with the arguments, limits and refusals of {@code GET /api/search} (the same checks).
 * A class of its own beside {@link SeamlineGraphQL}: search needs none of its collaborators.
 */
@GraphQLApi
@ExplainRefusals
public class SearchGraphQL {

    /** One product found, with its rank in each index that found it (null where it did not). */
    public record SearchHit(String productId, String title, String category, Views.Price price, Double rating,
                            double score, Integer bm25Rank, Integer vectorRank) {
    }

    /** A page of hits, the candidates in all, their facets, and whether the best hit is a weak match. */
    public record SearchAnswer(String query, String mode, String fusion, Double fusionParameter, int k, int offset,
                               int total, List<SearchHit> hits, SearchFacets facets, boolean bestHitWeak,
                               WeakMatch weakMatch) {
    }

    private final HybridSearch search;

    SearchGraphQL(HybridSearch search) {
        this.search = search;
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("Products for what a shopper typed: mode bm25, vector or hybrid (default); offset + k at most 200; "
            + "fusionParameter is linear's BM25 weight (0-1) or RRF's c (1-1000); category is a path prefix; "
            + "minPrice/maxPrice need currency.")
    public SearchAnswer search(@Name("q") String q, @Name("mode") String mode, @Name("k") Integer k,
                               @Name("offset") Integer offset, @Name("fusion") String fusion,
                               @Name("fusionParameter") Double fusionParameter, @Name("category") String category,
                               @Name("minPrice") String minPrice, @Name("maxPrice") String maxPrice,
                               @Name("currency") String currency) {
        SearchParameters parameters = SearchParameters.of(q, mode, text(k), text(offset), fusion,
                fusionParameter == null ? null : plain(fusionParameter), category, minPrice, maxPrice, currency,
                false, search);
        HybridSearch.Answer answer = search.search(parameters.request());
        List<SearchHit> hits = answer.hits().stream().map(hit -> new SearchHit(hit.productId(), hit.title(),
                hit.category(), hit.price() == null ? null : new Views.Price(hit.price().amount(),
                hit.price().currency()), hit.rating(), hit.score(), hit.bm25Rank(), hit.vectorRank())).toList();
        return new SearchAnswer(answer.query(), SearchParameters.lower(answer.mode()),
                answer.fusion() == null ? null : SearchParameters.lower(answer.fusion()),
                answer.fusionParameter() == null ? null : answer.fusionParameter().doubleValue(),
                parameters.request().k(), parameters.request().offset(), answer.total(), hits, answer.facets(),
                answer.weak().weak(), answer.weak());
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }

    /** RRF's c arrives as a Float in GraphQL: 60.0 is read as the whole number 60. */
    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
