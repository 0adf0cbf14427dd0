package io.seamline.seam.consume;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How every consumer of the log retries what fails to apply, {@code seamline.consumers.*}. */
@ConfigMapping(prefix = "seamline.consumers")
public interface ConsumersConfig {

    /** Tries of a batch (then of each of its records alone) before a record that keeps failing is poison. */
    @WithDefault("5")
    int maxAttempts();

    /** The wait after the first failure; it doubles after each further one. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The longest wait between two tries. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** These settings as the retry policy. */
    default ApplyRetries retries() {
        return new ApplyRetries(maxAttempts(), retryBackoff(), maxBackoff());
    }
}
