package io.seamline.seam.fault;

import io.seamline.seam.event.ConsumedEvent;

/**
 * Faults a chaos run can inject into a consumer of the log; none unless armed. A consumer asks before each batch
 * whether it is stalled and whether the batch fails, before each event whether to lose it, and as it applies each event
 * whether applying it fails; a fold asks whether it is to have a {@link FoldBug}.
 */
public interface ConsumerFaults {

    ConsumerFaults NONE = new ConsumerFaults() {
    };

    /** True while the consumer should stay alive but apply nothing (a stalled feed). */
    default boolean stalled(String consumer) {
        return false;
    }

    /**
     * Throws when the batch {@code consumer} is about to apply is to fail as a whole (a store that refuses one commit):
     * the consumer calls it before it applies each batch, every time it tries.
     */
    default void beforeBatch(String consumer) {
    }

    /** True to drop the event as if it had never been delivered to this consumer. */
    default boolean drops(String consumer, ConsumedEvent event) {
        return false;
    }

    /**
     * Throws when applying an event of {@code aggregateId} is to fail in this consumer, as a record its store cannot
     * take would (a poison): the consumer calls it where it applies the event, every time it tries.
     */
    default void beforeApply(String consumer, String aggregateId) {
    }

    /** True while the fold of a read model is to have {@code bug}. */
    default boolean armed(FoldBug bug) {
        return false;
    }
}
