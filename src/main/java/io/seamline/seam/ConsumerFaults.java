package io.seamline.seam;

/**
 * Faults a chaos run can inject into a consumer of the log; none unless armed. A consumer asks before each batch
 * whether it is stalled and before each event whether to lose it.
 */
public interface ConsumerFaults {

    ConsumerFaults NONE = new ConsumerFaults() {
    };

    /** True while the consumer should stay alive but apply nothing (a stalled feed). */
    default boolean stalled(String consumer) {
        return false;
    }

    /** True to drop the event as if it had never been delivered to this consumer. */
    default boolean drops(String consumer, ConsumedEvent event) {
        return false;
    }
}
