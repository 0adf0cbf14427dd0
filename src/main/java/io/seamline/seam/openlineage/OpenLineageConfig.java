package io.seamline.seam.openlineage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and how often the read models' OpenLineage run events go, {@code seamline.openlineage.*}. */
@ConfigMapping(prefix = "seamline.openlineage")
public interface OpenLineageConfig {

    /** false: no lineage events at all. */
    @WithDefault("true")
    boolean enabled();

    /** At most one run event pair per read model this often: the batches applied meanwhile are one run. */
    @WithDefault("10s")
    Duration interval();

    /** The namespace of every job (one per read model) and of the datasets the platform owns. */
    @WithDefault("seamline")
    String namespace();

    /** A Marquez-compatible endpoint (e.g. {@code http://marquez:5000}); unset: JSON lines under {@link #dir}. */
    Optional<String> url();

    /** Where the JSON lines go when no {@link #url} is set; unset: {@code <seamline.data.dir>/lineage}. */
    Optional<String> dir();

    /** How long one event may take to reach the {@link #url} before it is given up (and logged). */
    @WithDefault("5s")
    Duration timeout();
}
