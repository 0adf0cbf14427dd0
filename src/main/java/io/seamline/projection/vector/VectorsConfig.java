package io.seamline.projection.vector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The vector index, {@code seamline.vectors.*} in application.properties; its defaults are {@link VectorParams}'. */
@ConfigMapping(prefix = "seamline.vectors")
public interface VectorsConfig {

    /** false: the vector consumer does not start, so the vector index is not updated. */
    @WithDefault("true")
    boolean enabled();

    /** Where the vectors, the graph and their offsets are saved; unset: {@code <seamline.data.dir>/search/vectors}. */
    Optional<String> dir();

    /** Neighbours per node (M). */
    @WithName("m")
    @WithDefault("" + VectorParams.DEFAULT_MAX_DEGREE)
    int maxDegree();

    /** Candidates an insert considers. */
    @WithDefault("" + VectorParams.DEFAULT_BEAM_WIDTH)
    int beamWidth();

    /** How far a neighbour list may overflow before it is pruned back to M. */
    @WithDefault("" + VectorParams.DEFAULT_NEIGHBOR_OVERFLOW)
    float neighborOverflow();

    /** Diversity of pruning (DiskANN's alpha). */
    @WithDefault("" + VectorParams.DEFAULT_ALPHA)
    float alpha();

    /** Candidates a query keeps (search ef). */
    @WithDefault("" + VectorParams.DEFAULT_SEARCH_CANDIDATES)
    int searchCandidates();

    /** At most this long between checkpoints to disk. */
    @WithDefault(VectorParams.DEFAULT_FLUSH_INTERVAL)
    Duration flushInterval();

    /** Below this many searchable products a query scores every vector (0: always the graph). */
    @WithDefault("" + VectorParams.DEFAULT_EXACT_SEARCH_BELOW)
    int exactSearchBelow();

    /** Texts of a batch the sentence model embeds at once; unset: one per core. */
    @WithName("model.parallel-texts")
    OptionalInt modelParallelTexts();

    /** ONNX Runtime threads inside one text's run (0: ONNX Runtime's default, one per physical core). */
    @WithName("model.intra-op-threads")
    @WithDefault("1")
    int modelIntraOpThreads();

    /** Whether ONNX Runtime's threads spin-wait for work after each run instead of sleeping. */
    @WithName("model.spin-wait")
    @WithDefault("false")
    boolean modelSpinWait();

    /** These settings as the index's parameters. */
    default VectorParams params() {
        return new VectorParams(maxDegree(), beamWidth(), neighborOverflow(), alpha(), searchCandidates(),
                flushInterval(), exactSearchBelow());
    }
}
