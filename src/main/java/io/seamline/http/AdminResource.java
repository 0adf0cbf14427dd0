package io.seamline.http;

import io.seamline.relay.RelayReplay;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Operations on the seams: rebuilding what a consumer downstream of the log has lost. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final RelayReplay relayReplay;

    AdminResource(RelayReplay relayReplay) {
        this.relayReplay = relayReplay;
    }

    /** Relays the log to Kafka again after global index {@code after} (default: all of it); 202, it runs on. */
    @POST
    @Path("/replay/relay")
    public Response replayRelay(@QueryParam("after") @DefaultValue("-1") String after) {
        return Response.accepted(relayReplay.replayAfter(QueryNumbers.parse("after", after, -1, Long.MAX_VALUE)))
                .build();
    }
}
