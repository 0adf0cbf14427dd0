package io.seamline.seam.monitor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every consumer of the log is within its freshness SLA's error threshold and every seam has declared
 * one; each consumer's lag, status and whether it is stalled are in the data.
 */
@Readiness
@ApplicationScoped
class FreshnessHealthCheck implements HealthCheck {

    private final Freshness freshness;

    FreshnessHealthCheck(Freshness freshness) {
        this.freshness = freshness;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("freshness").up();
        for (Freshness.ConsumerFreshness f : freshness.current()) {
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
