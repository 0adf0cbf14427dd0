/**
 * The relay: a tracking processor that publishes the event store to Kafka, keyed by aggregate id, and
 * commits its token only after the broker acked.
 */
package io.seamline.relay;
