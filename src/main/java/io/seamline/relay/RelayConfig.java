package io.seamline.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the relay reads the event store, {@code seamline.relay.*} (the topic's name is {@code seamline.topic}). */
@ConfigMapping(prefix = "seamline.relay")
public interface RelayConfig {

    /** Events per relay batch: at most this many are re-sent after a crash (at-least-once). */
    @WithDefault("1024")
    int batchSize();

    /**
     * How often a replica that does not hold the relay's token tries to claim it: with the claim timeout
     * ({@code seamline.axon.token-claim-timeout}), how soon the relay moves to a surviving replica.
     */
    @WithDefault("5s")
    Duration tokenClaimInterval();
}
