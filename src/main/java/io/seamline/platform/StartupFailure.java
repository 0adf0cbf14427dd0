package io.seamline.platform;

/** A start-up problem the operator can fix; printed as one line, never as a stack trace. */
public final class StartupFailure extends RuntimeException {
    public StartupFailure(String message) {
        super(message, null, false, false);
    }
}
