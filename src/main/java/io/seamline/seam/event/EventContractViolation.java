package io.seamline.seam.event;

/**
 * An event the write side was about to append breaks its JSON Schema in the event catalogue: a bug of ours, not
 * the client's; the command fails and nothing is appended.
 */
public final class EventContractViolation extends RuntimeException {

    public EventContractViolation(String message) {
        super(message, null, false, false);
    }
}
