package io.seamline.http;

import io.seamline.platform.Roles;
import io.seamline.projection.warehouse.RevenueRequest;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.table.TableManifest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The revenue dashboard: the materialized view {@code gold.daily_revenue}, as of any retained version. */
@RolesAllowed(Roles.READER)
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private static final Set<String> PARAMETERS = Set.of("from", "to", "category", "level", "limit", "cursor", "asOf");

    private final WarehouseQuery query;

    DashboardResource(WarehouseQuery query) {
        this.query = query;
    }

    /**
     * A page of the dashboard: {@code rows} of day, category and currency, the version and watermark they reflect,
     * the level they are rolled up to (null: the view's own categories) and the cursor of the next page (null: none).
     */
    public record Page(String table, long tableVersion, Instant committedAt, TableManifest.Watermark watermark,
                       Integer level, List<DailyRevenue> rows, String nextCursor) {
    }

    /** Revenue per day, category and currency for the days in [from, to], the categories under a prefix, rolled up. */
    @GET
    @Path("/revenue")
    @Operation(summary = "Revenue per day, category and currency",
            description = "Rows of gold.daily_revenue ordered by day, category, currency. `category` matches whole "
                    + "levels (`Home & Kitchen` matches `Home & Kitchen > Kettles`, not `Home`), ignoring case. "
                    + "`level=n` rolls categories up to their first n levels: gross, net, orders, cancelled orders "
                    + "and units are summed, the average order value recomputed; an order with lines in two "
                    + "categories counts once in each, so a roll-up's `orders` counts (order, category) pairs. "
                    + "Pages of `limit` rows; `nextCursor` reads the next page of the same table version.")
    public Page revenue(@Context UriInfo uri,
                        @Parameter(description = "First day (ISO date), inclusive", example = "2026-11-01")
                        @QueryParam("from") String from,
                        @Parameter(description = "Last day (ISO date), inclusive", example = "2026-11-30")
                        @QueryParam("to") String to,
                        @Parameter(description = "Category path prefix, whole levels, case-insensitive",
                                example = "Home & Kitchen")
                        @QueryParam("category") String category,
                        @Parameter(description = "Roll categories up to their first n levels (1: top-level), "
                                + "1 to " + RevenueRequest.MAX_LEVEL, example = "1")
                        @QueryParam("level") String level,
                        @Parameter(description = "Rows per page, 1 to " + RevenueRequest.MAX_LIMIT + ", default "
                                + RevenueRequest.DEFAULT_LIMIT, example = "50")
                        @QueryParam("limit") String limit,
                        @Parameter(description = "The nextCursor of the previous page")
                        @QueryParam("cursor") String cursor,
                        @Parameter(description = ApiExamples.AS_OF_DESCRIPTION, example = ApiExamples.INSTANT_LATER)
                        @QueryParam("asOf") String asOf) throws IOException {
        ListParameters.requireKnown(uri, PARAMETERS);
        return page(query, from, to, category, level, limit, cursor, asOf);
    }

    /** One page as the REST call answers it, for every adapter that serves the dashboard. */
    static Page page(WarehouseQuery query, String from, String to, String category, String level, String limit,
                     String cursor, String asOf) throws IOException {
        RevenueRequest request = new RevenueRequest(WarehouseParameters.asOf(asOf),
                WarehouseParameters.date("from", from), WarehouseParameters.date("to", to),
                ListParameters.text("category", category, RequestLimits.CATEGORY),
                ListParameters.blank(level) ? null
                        : (int) QueryNumbers.parse("level", level, 1, RevenueRequest.MAX_LEVEL),
                ListParameters.blank(limit) ? RevenueRequest.DEFAULT_LIMIT
                        : (int) QueryNumbers.parse("limit", limit, 1, RevenueRequest.MAX_LIMIT),
                DashboardCursor.decode(cursor));
        WarehouseQuery.Revenue revenue = query.revenue(request);
        return new Page(revenue.table(), revenue.tableVersion(), revenue.committedAt(), revenue.watermark(),
                revenue.level(), revenue.rows(), DashboardCursor.encode(revenue.next()));
    }
}
