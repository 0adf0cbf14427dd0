package io.seamline.http;

import io.seamline.audit.Audited;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.seam.fault.InjectedFaults;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.Set;

/**
 * Fault injection for chaos runs (see {@link InjectedFaults}): refused with 409 until enabled by
 * {@code POST /api/admin/faults/enable} or the test profile.
 */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    /** Which consumers lose which aggregate's events of which type. */
    public record DropRequest(Set<String> consumers, String aggregateId, String eventType) {
    }

    /** Which consumers fail to apply which aggregate's events. */
    public record PoisonRequest(Set<String> consumers, String aggregateId) {
    }

    /** Which consumers fail their next batch, once. */
    public record BatchFailureRequest(Set<String> consumers) {
    }

    private final InjectedFaults faults;

    FaultResource(InjectedFaults faults) {
        this.faults = faults;
    }

    @GET
    public InjectedFaults.State state() {
        return faults.state();
    }

    @POST
    @Path("/enable")
    public InjectedFaults.State enable() {
        faults.enable();
        return faults.state();
    }

    @POST
    @Path("/drops")
    public InjectedFaults.State drop(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", summary = "The warehouse loses one product's updates",
                    value = ApiExamples.FAULT_DROP)))
            DropRequest request) {
        if (request == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        faults.drop(request.consumers(), request.aggregateId(), request.eventType());
        return faults.state();
    }

    @POST
    @Path("/poisons")
    public InjectedFaults.State poison(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", summary = "Two consumers fail on one aggregate",
                    value = ApiExamples.FAULT_POISON)))
            PoisonRequest request) {
        if (request == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        faults.poison(request.consumers(), request.aggregateId());
        return faults.state();
    }

    @POST
    @Path("/batch-failures")
    public InjectedFaults.State failNextBatch(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", summary = "The vector index fails its next batch once",
                    value = ApiExamples.FAULT_BATCH_FAILURE)))
            BatchFailureRequest request) {
        if (request == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        faults.failNextBatch(request.consumers());
        return faults.state();
    }

    @POST
    @Path("/stalls/{consumer}")
    public InjectedFaults.State stall(@Parameter(description = ApiExamples.CONSUMER_DESCRIPTION,
                                              example = ApiExamples.CONSUMER)
                                      @PathParam("consumer") String consumer) {
        faults.stall(consumer);
        return faults.state();
    }

    @DELETE
    @Path("/stalls/{consumer}")
    public InjectedFaults.State resume(@Parameter(description = ApiExamples.CONSUMER_DESCRIPTION,
                                               example = ApiExamples.CONSUMER)
                                       @PathParam("consumer") String consumer) {
        faults.resume(consumer);
        return faults.state();
    }

    /** Arms a fold bug by name (see {@link io.seamline.seam.fault.FoldBug}); 400 naming an unknown one. */
    @POST
    @Path("/fold-bugs/{name}")
    public InjectedFaults.State arm(@Parameter(description = "A fold bug: gold-drops-cancellations",
                                            example = "gold-drops-cancellations")
                                    @PathParam("name") String name) {
        faults.arm(name);
        return faults.state();
    }

    @DELETE
    @Path("/fold-bugs/{name}")
    public InjectedFaults.State lift(@Parameter(description = "A fold bug: gold-drops-cancellations",
                                             example = "gold-drops-cancellations")
                                     @PathParam("name") String name) {
        faults.lift(name);
        return faults.state();
    }

    /** Clears every injected fault. */
    @DELETE
    public InjectedFaults.State clear() {
        faults.clear();
        return faults.state();
    }
}
