package io.seamline.seam.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How often every read model is reconciled by schedule, and whether it repairs drift: {@code seamline.reconcile.*}. */
@ConfigMapping(prefix = "seamline.reconcile")
public interface ReconcileConfig {

    /** A duration, or {@code 0}/{@code off} for no schedule: a string, since "off" is no duration. */
    @WithDefault("60s")
    String interval();

    /** Scheduled runs repair what drifted, not only report it. */
    @WithDefault("false")
    boolean autoRepair();
}
