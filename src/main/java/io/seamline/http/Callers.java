package io.seamline.http;

import jakarta.enterprise.context.ApplicationScoped;

/** Who sent the current request, as far as idempotency keys go: each caller's keys are its own. */
@ApplicationScoped
class Callers {

    /** Requests without an authenticated principal share one key space. */
    static final String ANONYMOUS = "";

    /**
     * The name of the current request's caller. With authentication this is the principal's name
     * ({@code SecurityIdentity#getPrincipal().getName()}, {@link #ANONYMOUS} when anonymous).
     */
    String current() {
        return ANONYMOUS;
    }
}
