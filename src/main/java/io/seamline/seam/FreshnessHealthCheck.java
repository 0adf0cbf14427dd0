package io.seamline.seam;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every consumer of the log is within its freshness SLA's error threshold. */
@Readiness
@ApplicationScoped
public class FreshnessHealthCheck implements HealthCheck {

    private final Freshness freshness;

    FreshnessHealthCheck(Freshness freshness) {
        this.freshness = freshness;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("freshness").up();
        for (Freshness.ConsumerFreshness f : freshness.current()) {
            response.withData(f.consumer() + ".lagEvents", f.lagEvents());
            response.withData(f.consumer() + ".lagSeconds", String.valueOf(f.lagSeconds()));
            response.withData(f.consumer() + ".sequenceGaps", f.sequenceGaps());
            if (f.status() == Freshness.Status.ERROR) {
                response.down();
            }
        }
        return response.build();
    }
}
