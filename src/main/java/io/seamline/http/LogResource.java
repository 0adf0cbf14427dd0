package io.seamline.http;

import io.seamline.platform.Roles;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.monitor.Freshness;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The log itself, paged in global order, and how fresh each consumer of it is. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    /** A page of the log; pass {@code next} as {@code after} for the following page. */
    public record Page(List<EventEnvelope> events, long next, long head) {
    }

    private final EventLog log;
    private final Freshness freshness;

    LogResource(EventLog log, Freshness freshness) {
        this.log = log;
        this.freshness = freshness;
    }

    @RolesAllowed(Roles.ANALYST)
    @GET
    @Path("/events")
    public Page events(@QueryParam("after") @DefaultValue("-1") String afterParam,
                       @QueryParam("limit") @DefaultValue("100") String limitParam) {
        long after = QueryNumbers.parse("after", afterParam, -1, Long.MAX_VALUE);
        int limit = (int) QueryNumbers.parse("limit", limitParam, 1, RequestLimits.EVENTS_PAGE);
        List<EventEnvelope> events = log.page(after, limit);
        long next = events.isEmpty() ? after : events.get(events.size() - 1).globalIndex();
        return new Page(events, next, log.head());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/freshness")
    public List<Freshness.ConsumerFreshness> freshness() {
        return freshness.current();
    }
}
