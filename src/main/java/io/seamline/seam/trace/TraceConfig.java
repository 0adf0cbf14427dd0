package io.seamline.seam.trace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many recent events the propagation trace keeps, {@code seamline.trace.*}. */
@ConfigMapping(prefix = "seamline.trace")
public interface TraceConfig {

    /** The newest this-many events' hop times are kept in memory (about 200 bytes each). */
    @WithDefault("100000")
    int capacity();
}
