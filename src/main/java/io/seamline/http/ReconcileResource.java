package io.seamline.http;

import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.seam.reconcile.ReconciliationReport;
import io.seamline.seam.reconcile.Reconciler;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Reconciliation of a read model with the event store (see {@link Reconciler}): the diff report as JSON, or as
 * markdown with {@code Accept: text/markdown}; {@code repair=true} repairs and re-checks.
 */
@Path("/api/admin/reconcile")
public class ReconcileResource {

    private static final String MARKDOWN = "text/markdown";

    private final Reconciler reconciler;

    ReconcileResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @POST
    @Path("/{model}")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    public Response reconcile(@PathParam("model") String model, @QueryParam("repair") @DefaultValue("false") String repair,
                              @jakarta.ws.rs.HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (!reconciler.knows(model)) {
            throw new NotFound("read model", model + " (known: " + String.join(", ", reconciler.models()) + ")");
        }
        if (!repair.equals("true") && !repair.equals("false")) {
            throw new RuleViolation("not-a-boolean", "repair", "repair must be true or false, got '" + repair + "'");
        }
        ReconciliationReport report = reconciler.reconcile(model, Boolean.parseBoolean(repair));
        if (accept != null && accept.contains(MARKDOWN)) {
            return Response.ok(report.markdown(), MARKDOWN).build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }
}
