package io.seamline.http;

import io.seamline.audit.Audited;
import io.seamline.platform.Roles;
import io.seamline.seam.consume.Quarantine;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/** The records consumers of the log refused, newest first (see {@link Quarantine}). */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    private final Quarantine quarantine;

    QuarantineResource(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @GET
    public List<Quarantine.QuarantinedEvent> list(@Parameter(description = ApiExamples.CONSUMER_DESCRIPTION,
                                                          example = ApiExamples.CONSUMER)
                                                  @QueryParam("consumer") String consumer,
                                                  @Parameter(description = "Records, 1 to 1000", example = "50")
                                                  @QueryParam("limit") @DefaultValue("100") String limit) {
        return quarantine.recent(consumer == null || consumer.isBlank() ? null : consumer,
                (int) QueryNumbers.parse("limit", limit, 1, 1000));
    }
}
