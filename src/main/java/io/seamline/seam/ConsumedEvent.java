package io.seamline.seam;

/** An event as a projection receives it: the envelope, its payload decoded, and where it was read from. */
public record ConsumedEvent(EventEnvelope envelope, Object event, int partition, long offset) {
}
