package io.seamline.http;

import io.seamline.platform.Roles;
import io.seamline.projection.warehouse.lineage.Comparison;
import io.seamline.projection.warehouse.lineage.Lineage;
import io.seamline.projection.warehouse.lineage.OrderWalk;
import io.seamline.projection.warehouse.lineage.RevenueWalk;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Lineage of a dashboard number (see {@link Lineage}): one {@code daily_revenue} cell walked back through gold,
 * silver, bronze, Kafka and the event store with a verdict on which layer is wrong, or one order's events located in
 * every layer. For analysts, like the SQL endpoint: it shows rows of every layer. Markdown with
 * {@code Accept: text/markdown}, JSON otherwise.
 */
@RolesAllowed(Roles.ANALYST)
@Path("/api/lineage")
@Produces({MediaType.APPLICATION_JSON, ReconcileResource.MARKDOWN})
public class LineageResource {

    private final Lineage lineage;

    LineageResource(Lineage lineage) {
        this.lineage = lineage;
    }

    /**
     * The walk of one cell; {@code asOf} (an ISO-8601 instant, or a global index of the event store) walks it as it
     * stood then.
     */
    @GET
    @Path("/revenue")
    public Response revenue(@Parameter(description = "The cell's day (ISO date)", example = ApiExamples.DAY)
                            @QueryParam("day") String day,
                            @Parameter(description = "The cell's category, as the dashboard row names it",
                                    example = ApiExamples.CATEGORY)
                            @QueryParam("category") String category,
                            @Parameter(description = "The cell's currency", example = ApiExamples.CURRENCY)
                            @QueryParam("currency") String currency,
                            @Parameter(description = "An ISO-8601 instant, or a global index of the event store; "
                                    + "absent: now", example = ApiExamples.INSTANT_LATER)
                            @QueryParam("asOf") String asOf,
                            @Parameter(description = "The last order id of the previous page; absent: the first")
                            @QueryParam("cursor") String cursor,
                            @Parameter(description = "Orders per page, 1 to " + Lineage.MAX_PAGE, example = "20")
                            @QueryParam("limit") String limit,
                            @HeaderParam(HttpHeaders.ACCEPT) String accept) throws IOException {
        RevenueWalk walk = lineage.revenue(WarehouseParameters.date("day", day), category, currency,
                WarehouseParameters.asOf("asOf", asOf), cursor,
                limit == null ? null : (int) WarehouseParameters.limit(limit, Lineage.MAX_PAGE));
        return markdownOrJson(accept, walk, walk::markdown);
    }

    /** One cell as of {@code at} (an ISO-8601 instant, or a global index) in every layer and the event store. */
    @GET
    @Path("/compare")
    public Response compare(@Parameter(description = "The cell's day (ISO date)", example = ApiExamples.DAY)
                            @QueryParam("day") String day,
                            @Parameter(description = "The cell's category, as the dashboard row names it",
                                    example = ApiExamples.CATEGORY)
                            @QueryParam("category") String category,
                            @Parameter(description = "The cell's currency", example = ApiExamples.CURRENCY)
                            @QueryParam("currency") String currency,
                            @Parameter(description = "An ISO-8601 instant, or a global index of the event store",
                                    example = ApiExamples.GLOBAL_INDEX)
                            @QueryParam("at") String at,
                            @HeaderParam(HttpHeaders.ACCEPT) String accept) throws IOException {
        Comparison comparison = lineage.compare(WarehouseParameters.date("day", day), category, currency,
                WarehouseParameters.asOf("at", at));
        return markdownOrJson(accept, comparison, comparison::markdown);
    }

    @GET
    @Path("/order/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public OrderWalk order(@Parameter(description = ApiExamples.ORDER_ID_DESCRIPTION)
                           @PathParam("id") String id) throws IOException {
        return lineage.order(id);
    }

    private static Response markdownOrJson(String accept, Object answer, Supplier<String> markdown) {
        if (accept != null && accept.contains(ReconcileResource.MARKDOWN)) {
            return Response.ok(markdown.get(), ReconcileResource.MARKDOWN).build();
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }
}
