package io.seamline.http;

import io.smallrye.graphql.api.ErrorCode;

/** A GraphQL field refused for lack of credentials or of a role: its message, and its code as REST's problem rule. */
class AccessRefused extends RuntimeException {

    AccessRefused(String message) {
        super(message);
    }

    /** No token, where the field needs one. */
    @ErrorCode("unauthorized")
    public static final class Unauthenticated extends AccessRefused {
        Unauthenticated() {
            super("this field needs a bearer token (README, Security)");
        }
    }

    /** A token without a role the field allows. */
    @ErrorCode("forbidden")
    public static final class Forbidden extends AccessRefused {
        Forbidden() {
            super("the caller's roles do not include one this field allows (README, Security)");
        }
    }
}
