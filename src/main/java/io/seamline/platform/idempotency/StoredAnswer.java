package io.seamline.platform.idempotency;

/**
 * The first answer to a command sent with an idempotency key, as much of it as a retry needs to get it again
 * exactly: the status, the aggregate and its version, and where the aggregate lives when the command created it.
 */
public record StoredAnswer(int status, String aggregateId, long version, String location) {
}
