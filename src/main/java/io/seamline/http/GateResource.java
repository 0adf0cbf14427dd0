package io.seamline.http;

import io.seamline.audit.Audited;
import io.seamline.platform.Roles;
import io.seamline.seam.gate.SeamGate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The seam gate (see {@link SeamGate}): {@code make gate} and CI ask it whether every seam holds. */
@RolesAllowed(Roles.OPERATOR)
@Audited
@Path("/api/admin/gate")
@Produces(MediaType.APPLICATION_JSON)
public class GateResource {

    private final SeamGate gate;

    GateResource(SeamGate gate) {
        this.gate = gate;
    }

    /** Evaluates the gate now; a POST because it runs a reconciliation of every read model. */
    @POST
    public SeamGate.Verdict evaluate() {
        return gate.evaluate();
    }
}
