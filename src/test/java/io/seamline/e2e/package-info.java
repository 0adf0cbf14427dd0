/**
 * {@code make demo}: one product update followed end to end, from the event store through Kafka into every read
 * model, with the lag of each hop and the new state read back from each store.
 */
package io.seamline.e2e;
