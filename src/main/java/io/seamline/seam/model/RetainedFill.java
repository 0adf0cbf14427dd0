package io.seamline.seam.model;

/**
 * A generation that can be filled from the raw records its live store retains instead of from the topic: records
 * validated when they landed, so the rebuild neither reads Kafka nor checks them again (the warehouse refolding silver
 * and gold from bronze). The tail the live store takes meanwhile is the generation's to add at {@link Generation#swapIn}.
 */
public interface RetainedFill {

    /** Takes what the live store retains now and folds all of it; returns how many events it folded. */
    long fillFromRetained() throws Exception;
}
