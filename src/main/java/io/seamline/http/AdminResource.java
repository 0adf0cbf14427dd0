package io.seamline.http;

import io.seamline.audit.Audited;
import io.seamline.platform.Roles;
import io.seamline.projection.search.KeywordReplay;
import io.seamline.projection.vector.VectorReplay;
import io.seamline.projection.warehouse.WarehouseReplay;
import io.seamline.relay.RelayReplay;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;

/** Operations on the seams: rebuilding what a consumer downstream of the log has lost. */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final RelayReplay relayReplay;
    private final WarehouseReplay warehouseReplay;
    private final KeywordReplay keywordReplay;
    private final VectorReplay vectorReplay;

    AdminResource(RelayReplay relayReplay, WarehouseReplay warehouseReplay, KeywordReplay keywordReplay,
                  VectorReplay vectorReplay) {
        this.relayReplay = relayReplay;
        this.warehouseReplay = warehouseReplay;
        this.keywordReplay = keywordReplay;
        this.vectorReplay = vectorReplay;
    }

    /** Relays the log to Kafka again after global index {@code after} (default: all of it); 202, it runs on. */
    @POST
    @Path("/replay/relay")
    public Response replayRelay(@QueryParam("after") @DefaultValue("-1") String after) {
        return Response.accepted(relayReplay.replayAfter(QueryNumbers.parse("after", after, -1, Long.MAX_VALUE)))
                .build();
    }

    /**
     * Rebuilds bronze, silver and gold from the topic into a fresh generation and swaps it in; answers when it is
     * live, with the records read and the rate.
     */
    @POST
    @Path("/replay/warehouse")
    public WarehouseReplay.Result replayWarehouse() throws IOException {
        return warehouseReplay.rebuild();
    }

    /** Rebuilds the keyword index from the topic into a fresh index, swapped in once caught up; queries go on. */
    @POST
    @Path("/replay/search")
    public KeywordReplay.Result replaySearch() throws IOException {
        return keywordReplay.rebuild();
    }

    /**
     * Rebuilds the vector index from the topic into a fresh one, swapped in once caught up; texts already embedded
     * are not embedded again.
     */
    @POST
    @Path("/replay/vectors")
    public VectorReplay.Result replayVectors() throws IOException {
        return vectorReplay.rebuild();
    }
}
