package io.seamline.http;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Who sent the current request, as far as idempotency keys go: each caller's keys are its own. */
@ApplicationScoped
class Callers {

    /** Requests without an authenticated principal share one key space (no endpoint that takes a key allows them). */
    static final String ANONYMOUS = "";

    private final SecurityIdentity identity;

    Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The name of the current request's caller: the token's principal ({@code upn}, else {@code sub}). */
    String current() {
        return identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }
}
