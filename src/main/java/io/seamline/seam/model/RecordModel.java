package io.seamline.seam.model;

import io.seamline.seam.consume.RecordLanding;

/**
 * A read model fed the topic's records as they are rather than decoded events ({@link RecordLanding}): it folds them
 * in stages of its own, as the warehouse lands bronze and refines silver and gold. The shared loop polls it larger
 * batches, tells it when the topic is quiet, and after a failed batch has it start again from its files.
 */
public non-sealed interface RecordModel extends ReadModel, RecordLanding {
}
