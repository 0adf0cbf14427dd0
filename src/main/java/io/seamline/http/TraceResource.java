package io.seamline.http;

import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.seam.trace.EventTrace;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The propagation trace of one event (see {@link EventTrace}), by event id or by aggregate and sequence. */
@RolesAllowed(Roles.READER)
@Path("/api/trace")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    private final EventTrace traces;

    TraceResource(EventTrace traces) {
        this.traces = traces;
    }

    @GET
    @Path("/{eventId}")
    public EventTrace.Trace byId(@Parameter(description = "The event's id, as GET /api/events lists it",
                                         example = ApiExamples.EVENT_ID) @PathParam("eventId") String eventId) {
        return byId(traces, eventId);
    }

    /** The trace of the event {@code eventId}, or a 404: for every adapter that serves traces. */
    static EventTrace.Trace byId(EventTrace traces, String eventId) {
        RequestLimits.required("eventId", eventId, 255);
        return traces.of(eventId).orElseThrow(() -> new NotFound("event", eventId));
    }

    @GET
    public EventTrace.Trace byAggregate(@Parameter(description = "The aggregate's id (a product or order id)")
                                        @QueryParam("aggregateId") String aggregateId,
                                        @Parameter(description = "The event's sequence within the aggregate, from 0",
                                                example = "1")
                                        @QueryParam("sequence") String sequence) {
        return byAggregate(traces, aggregateId, sequence);
    }

    /** The trace of an aggregate's event at {@code sequence}, or a 404: for every adapter that serves traces. */
    static EventTrace.Trace byAggregate(EventTrace traces, String aggregateId, String sequence) {
        if (aggregateId == null || aggregateId.isBlank()) {
            throw new RuleViolation("required", "aggregateId", "name the aggregate (or GET /api/trace/{eventId})");
        }
        if (sequence == null) {
            throw new RuleViolation("required", "sequence", "name the event's sequence within the aggregate");
        }
        long seq = QueryNumbers.parse("sequence", sequence, 0, Long.MAX_VALUE);
        return traces.of(aggregateId, seq).orElseThrow(() -> new NotFound("event", aggregateId + "#" + seq));
    }
}
