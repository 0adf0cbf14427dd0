package io.seamline.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long idempotency keys live and how often expired ones are deleted, {@code seamline.idempotency.*}. */
@ConfigMapping(prefix = "seamline.idempotency")
public interface IdempotencyConfig {

    /** A key is kept this long after its first use; then it may be used afresh. */
    @WithDefault("24h")
    Duration ttl();

    /** Expired keys are deleted this often. */
    @WithDefault("1h")
    Duration purgeInterval();
}
