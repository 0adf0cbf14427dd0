package io.seamline.seam.monitor;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready while every consumer of the log is within its freshness SLA's error threshold and every seam has declared
 * one; each consumer's lag, status and whether it is stalled are in the data. It logs a line when readiness changes
 * ({@link ReadinessChanges}), not on every probe.
 */
@Readiness
@ApplicationScoped
class FreshnessHealthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(FreshnessHealthCheck.class);

    private final Freshness freshness;
    private final ReadinessChanges changes = new ReadinessChanges();

    FreshnessHealthCheck(Freshness freshness) {
        this.freshness = freshness;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("freshness").up();
        List<Freshness.ConsumerFreshness> current = freshness.current();
        changes.next(current).ifPresent(change -> LOG.log(change.down() ? Logger.Level.WARN : Logger.Level.INFO,
                change.message()));
        for (Freshness.ConsumerFreshness f : current) {
            response.withData(f.seam() + ".lagEvents", f.lagEvents());
            response.withData(f.seam() + ".lagSeconds", String.valueOf(f.lagSeconds()));
            response.withData(f.seam() + ".sequenceGaps", f.sequenceGaps());
            response.withData(f.seam() + ".status", f.status().name());
            response.withData(f.seam() + ".stalled", f.stalled());
            response.withData(f.seam() + ".quarantined", f.quarantined());
            response.withData(f.seam() + ".health", f.health().name());
            if (f.status() == Freshness.Status.ERROR || f.status() == Freshness.Status.UNDECLARED) {
                response.down();
            }
        }
        return response.build();
    }
}
