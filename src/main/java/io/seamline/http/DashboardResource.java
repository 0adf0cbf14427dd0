package io.seamline.http;

import io.seamline.platform.Roles;
import io.seamline.projection.warehouse.WarehouseQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;

/** The revenue dashboard: the materialized view {@code gold.daily_revenue}, as of any retained version. */
@RolesAllowed(Roles.READER)
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final WarehouseQuery query;

    DashboardResource(WarehouseQuery query) {
        this.query = query;
    }

    /** Revenue per day, category and currency for the days in [from, to], optionally one category. */
    @GET
    @Path("/revenue")
    public WarehouseQuery.Revenue revenue(@QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("category") String category,
                                          @QueryParam("asOf") String asOf) throws IOException {
        return query.revenue(WarehouseParameters.asOf(asOf), WarehouseParameters.date("from", from),
                WarehouseParameters.date("to", to), category);
    }
}
