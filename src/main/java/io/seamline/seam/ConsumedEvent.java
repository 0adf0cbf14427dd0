package io.seamline.seam;

/** An event as a projection receives it: the envelope and its payload decoded into the event's class. */
public record ConsumedEvent(EventEnvelope envelope, Object event) {
}
