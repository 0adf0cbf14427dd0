package io.seamline.projection.warehouse;

import java.time.Instant;

/** An event as bronze holds it and silver reads it: identity, position in the log, and the payload's JSON text. */
public record BronzeEvent(String eventId, String type, int version, String aggregateType, String aggregateId,
                          long sequence, long globalIndex, Instant eventTime, String payload) {
}
