package io.seamline.http;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A bearer token that does not verify is refused before any endpoint runs (credentials are checked as a request
 * arrives, so REST and GraphQL see the same caller): answered like every other refusal, as problem+json, with the
 * RFC 6750 challenge.
 */
@ApplicationScoped
class AuthenticationFailures {

    void install(@Observes Router router) {
        router.route().failureHandler(ctx -> {
            if (!(ctx.failure() instanceof AuthenticationFailedException)) {
                ctx.next();
                return;
            }
            Problem problem = Problem.of(401, "invalid-token", "Authorization", "the bearer token was refused: it is "
                    + "malformed, expired, or not from the configured issuer and audience");
            ctx.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").end(Json.encode(problem));
        });
    }
}
