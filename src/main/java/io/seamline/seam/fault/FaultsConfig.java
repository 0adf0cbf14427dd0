package io.seamline.seam.fault;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether faults may be injected from the start, {@code seamline.faults.*}. */
@ConfigMapping(prefix = "seamline.faults")
public interface FaultsConfig {

    /** Faults may be injected without enabling them first (an admin call can still enable them later). */
    @WithDefault("false")
    boolean enabled();
}
