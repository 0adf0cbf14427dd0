package io.seamline.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the relay reads the event store, {@code seamline.relay.*} (the topic's name is {@code seamline.topic}). */
@ConfigMapping(prefix = "seamline.relay")
public interface RelayConfig {

    /** Events per relay batch: at most this many are re-sent after a crash (at-least-once). */
    @WithDefault("1024")
    int batchSize();
}
