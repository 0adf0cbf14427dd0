package io.seamline.http;

import io.seamline.audit.AuditEntry;
import io.seamline.audit.AuditTrail;
import io.seamline.audit.Audited;
import io.seamline.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The audit trail (see {@link AuditTrail}), newest first: pass the last entry's id as {@code before} for the next
 * page. Reading it is itself recorded.
 */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditTrail trail;

    AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    public List<AuditEntry> entries(@Parameter(description = "Entries older than this entry id: the last id of the "
                                            + "previous page", example = "250")
                                    @QueryParam("before") String before,
                                    @Parameter(description = "Only this caller's entries (the token's subject)",
                                            example = "ops-oncall")
                                    @QueryParam("actor") String actor,
                                    @Parameter(description = "Entries per page, 1 to 1000", example = "50")
                                    @QueryParam("limit") @DefaultValue("100") String limit) {
        return trail.page(before == null ? null : QueryNumbers.parse("before", before, 1, Long.MAX_VALUE),
                actor == null || actor.isBlank() ? null : RequestLimits.text("actor", actor, 255),
                (int) QueryNumbers.parse("limit", limit, 1, 1000));
    }
}
