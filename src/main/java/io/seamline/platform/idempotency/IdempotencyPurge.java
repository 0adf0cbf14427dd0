package io.seamline.platform.idempotency;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes expired idempotency keys every {@code seamline.idempotency.purge-interval}, so the table stays small. */
@ApplicationScoped
class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    private final IdempotencyKeys keys;
    private final Duration interval;
    private ScheduledExecutorService timer;

    IdempotencyPurge(IdempotencyKeys keys, IdempotencyConfig config) {
        this.keys = keys;
        this.interval = config.purgeInterval();
    }

    void start(@Observes StartupEvent event) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("seamline.idempotency.purge-interval must be positive, not " + interval);
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idempotency-purge").factory());
        timer.scheduleWithFixedDelay(this::purgeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void purgeOnce() {
        try {
            int purged = keys.purgeExpired();
            if (purged > 0) {
                LOG.infof("purged %d expired idempotency keys (older than %s)", purged, keys.ttl());
            }
        } catch (RuntimeException e) {
            // the database may be restarting: the next run catches up, and lookups ignore expired keys meanwhile
            LOG.warnf("purging expired idempotency keys failed: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
