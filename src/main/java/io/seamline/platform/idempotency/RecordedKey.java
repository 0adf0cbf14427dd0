package io.seamline.platform.idempotency;

import java.time.Instant;

/** A live idempotency key: what it was first used for (the request's fingerprint) and the answer it got. */
public record RecordedKey(String fingerprint, String commandType, StoredAnswer answer, Instant createdAt) {

    /** Whether a request with this fingerprint is a retry of the first one (and not a different request). */
    public boolean sameRequest(String otherFingerprint) {
        return fingerprint.equals(otherFingerprint);
    }
}
