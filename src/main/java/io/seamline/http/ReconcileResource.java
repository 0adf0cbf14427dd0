package io.seamline.http;

import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.audit.Audited;
import io.seamline.platform.Roles;
import io.seamline.seam.reconcile.ReconciliationReport;
import io.seamline.seam.reconcile.Reconciler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Reconciliation of a read model with the event store (see {@link Reconciler}): {@code POST} runs one
 * ({@code repair=true} repairs and re-checks), {@code GET} reads the last one's report again, so a caller can keep
 * the JSON and the markdown of the same run. Markdown with {@code Accept: text/markdown}, JSON otherwise.
 */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/admin/reconcile/{model}")
@Produces({MediaType.APPLICATION_JSON, ReconcileResource.MARKDOWN})
public class ReconcileResource {

    static final String MARKDOWN = "text/markdown";

    private final Reconciler reconciler;

    ReconcileResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @POST
    public Response reconcile(@Parameter(description = ApiExamples.READ_MODEL_DESCRIPTION,
                                      example = ApiExamples.READ_MODEL) @PathParam("model") String model,
                              @Parameter(description = "true: repair what differs, then check again",
                                      example = "true")
                              @QueryParam("repair") @DefaultValue("false") String repair,
                              @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        known(model);
        if (!repair.equals("true") && !repair.equals("false")) {
            throw new RuleViolation("not-a-boolean", "repair", "repair must be true or false, got '" + repair + "'");
        }
        return answer(reconciler.reconcile(model, Boolean.parseBoolean(repair)), accept);
    }

    @GET
    public Response last(@Parameter(description = ApiExamples.READ_MODEL_DESCRIPTION, example = ApiExamples.READ_MODEL)
                         @PathParam("model") String model, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        known(model);
        return answer(reconciler.last(model)
                .orElseThrow(() -> new NotFound("reconciliation of", model + " since start-up")), accept);
    }

    private void known(String model) {
        if (!reconciler.knows(model)) {
            throw new NotFound("read model", model + " (known: " + String.join(", ", reconciler.models()) + ")");
        }
    }

    private static Response answer(ReconciliationReport report, String accept) {
        if (accept != null && accept.contains(MARKDOWN)) {
            return Response.ok(report.markdown(), MARKDOWN).build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }
}
