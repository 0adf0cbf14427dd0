package io.seamline.http;

import io.seamline.audit.Audited;
import io.seamline.domain.NotFound;
import io.seamline.platform.Roles;
import io.seamline.relay.RelayReplay;
import io.seamline.seam.model.ReplayJob;
import io.seamline.seam.model.Replays;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.net.URI;

/**
 * Operations on the seams: rebuilding what a consumer downstream of the log has lost. Replays run in the background;
 * their jobs are read (not audited: a caller polls them) by the same role that starts them.
 */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final RelayReplay relayReplay;
    private final Replays replays;

    AdminResource(RelayReplay relayReplay, Replays replays) {
        this.relayReplay = relayReplay;
        this.replays = replays;
    }

    /** Relays the log to Kafka again after global index {@code after} (default: all of it); 202, it runs on. */
    @POST
    @Audited
    @Path("/replay/relay")
    public Response replayRelay(@Parameter(description = "Relay the events above this global index; -1 (default): all",
                                        example = ApiExamples.GLOBAL_INDEX)
                                @QueryParam("after") @DefaultValue("-1") String after) {
        return Response.accepted(relayReplay.replayAfter(QueryNumbers.parse("after", after, -1, Long.MAX_VALUE)))
                .build();
    }

    /**
     * Rebuilds read model {@code model} from the log into a fresh generation, swapped in once caught up while queries
     * go on, or, with {@code from} naming the raw records the model retains ({@code bronze} for the warehouse), from
     * those without reading the topic or checking a record again: 202 with the job (its address in Location), 404 for
     * an unknown model, 400 for another {@code from}, 409 while one of it runs.
     */
    @POST
    @Audited
    @Path("/replay/{model}")
    public Response replay(@Parameter(description = ApiExamples.READ_MODEL_DESCRIPTION,
                                   example = ApiExamples.READ_MODEL)
                           @PathParam("model") String model,
                           @Parameter(description = "What to rebuild from: kafka (default; every record checked "
                                   + "against its schema again) or, for the warehouse, bronze (silver and gold "
                                   + "refolded from the live bronze; no record read or checked again)",
                                   example = "bronze")
                           @QueryParam("from") String from) {
        ReplayJob job = replays.start(model, from);
        return Response.accepted(job.status()).location(URI.create("/api/admin/replays/" + job.id())).build();
    }

    /** A replay's progress: records done of total, rate, estimated seconds left, phase, and its outcome once done. */
    @GET
    @Path("/replays/{id}")
    public ReplayJob.Status replayJob(@Parameter(description = "The job's id, from the Location of the replay call")
                                      @PathParam("id") String id) {
        return replays.job(id).map(ReplayJob::status).orElseThrow(() -> new NotFound("replay", id));
    }
}
