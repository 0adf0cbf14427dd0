package io.seamline.projection.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The keyword index and hybrid search, {@code seamline.search.*} in application.properties. */
@ConfigMapping(prefix = "seamline.search")
public interface SearchConfig {

    /** Where the keyword index lives ({@code <dir>/keyword}); unset: {@code <seamline.data.dir>/search}. */
    Optional<String> dir();

    Keyword keyword();

    Hybrid hybrid();

    /**
     * An answer's best hit is flagged weak when its similarity to the query, (1 + cosine) / 2 as the vector index
     * scores, is below this; calibrated on the judged queries and made-up ones (see application.properties).
     */
    @WithDefault("0.72")
    double weakBelow();

    /** {@code seamline.search.keyword.*}: the BM25 index. */
    interface Keyword {

        /** A word in the title counts this many times a word elsewhere. */
        @WithDefault("2.0")
        float titleBoost();

        /** Commits (with the offsets to resume from) follow at most this far apart: what a crash re-reads. */
        @WithDefault("10s")
        Duration commitInterval();

        /**
         * A change is searchable at most this long after its batch was applied: the searcher is refreshed at most this
         * often, not per batch (zero: after every batch). Well inside the search seam's freshness target.
         */
        @WithDefault("100ms")
        Duration refreshInterval();

        /**
         * Attributes whose values are not searched: they say where a value came from, not what the product is (a
         * change applies to products indexed after it; a replay applies it to all).
         */
        @WithDefault(KeywordDocument.PROVENANCE_ATTRIBUTES)
        Set<String> unsearchedAttributes();
    }

    /** {@code seamline.search.hybrid.*}: how the two rankings are fused. */
    interface Hybrid {

        /** The fusion when a request names none: {@code rrf} or {@code linear}. */
        @WithDefault("linear")
        String fusion();

        /** RRF's {@code c}. */
        @WithDefault("" + Fusion.DEFAULT_RRF_C)
        int rrfC();

        /** Linear fusion's BM25 weight, from 0 (vector only) to 1 (BM25 only). */
        @WithDefault("" + Fusion.DEFAULT_LINEAR_WEIGHT)
        double linearWeight();

        /** Each index's top this-many products are fused. */
        @WithDefault("100")
        int depth();
    }
}
