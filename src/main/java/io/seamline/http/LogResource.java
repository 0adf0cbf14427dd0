package io.seamline.http;

import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.monitor.Freshness;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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

    /**
     * Events above global index {@code after}, oldest first, at most {@code limit}. Filters: {@code type}, event type
     * names of the catalogue (comma-separated: any of them), and {@code aggregateId}. A filtered page looks at no more
     * than {@value RequestLimits#EVENTS_EXAMINED} events of the log, so it can hold fewer than {@code limit} events
     * (even none) before the log's end: {@code next} is where it stopped looking, and the client walks on with
     * {@code after=next} until {@code next} reaches {@code head}.
     */
    @RolesAllowed(Roles.ANALYST)
    @GET
    @Path("/events")
    public Page events(@Parameter(description = "Events above this global index: the previous page's next; -1 "
                               + "(default): from the start", example = ApiExamples.GLOBAL_INDEX)
                       @QueryParam("after") @DefaultValue("-1") String afterParam,
                       @Parameter(description = "Events per page, 1 to " + RequestLimits.EVENTS_PAGE, example = "100")
                       @QueryParam("limit") @DefaultValue("100") String limitParam,
                       @Parameter(description = "Event type names, comma-separated: events of any of them",
                               example = ApiExamples.EVENT_TYPES)
                       @QueryParam("type") String typeParam,
                       @Parameter(description = "One aggregate's events only (a product or order id)")
                       @QueryParam("aggregateId") String aggregateParam) {
        long after = QueryNumbers.parse("after", afterParam, -1, Long.MAX_VALUE);
        int limit = (int) QueryNumbers.parse("limit", limitParam, 1, RequestLimits.EVENTS_PAGE);
        Set<Class<?>> types = types(typeParam);
        String aggregateId = ListParameters.text("aggregateId", aggregateParam, RequestLimits.AGGREGATE_ID);
        if (types == null && aggregateId == null) {
            List<EventEnvelope> events = log.page(after, limit);
            long next = events.isEmpty() ? after : events.get(events.size() - 1).globalIndex();
            return new Page(events, next, log.head());
        }
        Predicate<Class<?>> accepted = types == null ? type -> true : types::contains;
        EventLog.FilteredPage page = aggregateId != null ? log.aggregatePage(aggregateId, after, limit, accepted)
                : log.page(after, limit, RequestLimits.EVENTS_EXAMINED, accepted);
        return new Page(page.events(), page.examinedTo(), log.head());
    }

    /** The event classes {@code type} names (comma-separated catalogue names), or null when blank. */
    private static Set<Class<?>> types(String raw) {
        if (ListParameters.blank(raw)) {
            return null;
        }
        Set<Class<?>> types = new HashSet<>();
        for (String name : raw.split(",", -1)) {
            types.add(EventTypes.byName(name.trim()).orElseThrow(() -> new RuleViolation("invalid-parameter", "type",
                    "type names event types of the catalogue, comma-separated: " + EventTypes.ALL.stream()
                            .map(EventTypes::typeName).collect(Collectors.joining(", ")) + "; got " + raw)));
        }
        return types;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/freshness")
    public List<Freshness.ConsumerFreshness> freshness() {
        return freshness.current();
    }
}
