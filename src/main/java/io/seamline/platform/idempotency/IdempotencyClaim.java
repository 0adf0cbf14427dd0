package io.seamline.platform.idempotency;

/**
 * What a command sent with an idempotency key carries in its metadata: who sent it, the key, the request's
 * fingerprint, and the answer it will get apart from the version, which only its handler knows. The
 * {@link IdempotencyInterceptor} records it in the command's own transaction.
 */
public record IdempotencyClaim(String caller, String key, String fingerprint, int status, String aggregateId,
                               String location) {

    /** The metadata entry holding the claim. */
    public static final String METADATA_KEY = "seamline-idempotency-claim";

    /** The answer to store, given what the command's handler returned. */
    public StoredAnswer answer(Object handlerResult) {
        // a changing command answers with the aggregate's new version; a creating one with the new aggregate's
        // id, and a new aggregate is at version 0
        long version = handlerResult instanceof Number n ? n.longValue() : 0;
        return new StoredAnswer(status, aggregateId, version, location);
    }
}
