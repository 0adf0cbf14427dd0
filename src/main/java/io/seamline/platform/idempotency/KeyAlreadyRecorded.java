package io.seamline.platform.idempotency;

/**
 * A command's idempotency key was recorded by another request while this one ran (a racing retry won): the
 * command's unit of work rolls back, so its events are not appended, and the caller answers with the winner's answer.
 */
public final class KeyAlreadyRecorded extends RuntimeException {

    public KeyAlreadyRecorded(String key) {
        super("idempotency key " + key + " was recorded by a concurrent request", null, false, false);
    }
}
