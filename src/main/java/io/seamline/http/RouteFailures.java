package io.seamline.http;

import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.RejectedExecutionException;

/**
 * Failures outside the REST resources as problem+json: a body over the limit caught while it streams in, a
 * failure of the GraphQL transport, any route that fails with a status or an exception, and what the router
 * answers by itself (a path or query it cannot decode). Quarkus and Vert.x would answer these with an empty body
 * or an error page. Security failures pass on to Quarkus, whose authentication mechanism answers them with its
 * challenge. Requests refused before any route are answered by Quarkus and Vert.x alone, with an empty body: a
 * target that is no valid URI (a broken percent escape: 400), a request line over 4 KiB (414), headers over
 * 20 KiB (431).
 */
@ApplicationScoped
class RouteFailures {

    void install(@Observes Router router) {
        // before Quarkus' own error handler, which is registered last
        router.route().order(Integer.MIN_VALUE).failureHandler(RouteFailures::answer);
        // what the router answers by itself: a path or query it cannot decode (400), no route (404, 405), a
        // failure handler that failed (500)
        for (int status : new int[]{400, 404, 405, 500}) {
            router.errorHandler(status, ctx -> answer(ctx, status));
        }
    }

    static void answer(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten() || failure instanceof AuthenticationException
                || failure instanceof UnauthorizedException || failure instanceof ForbiddenException
                || (failure == null && (ctx.statusCode() == 401 || ctx.statusCode() == 403))) {
            ctx.next();
            return;
        }
        answer(ctx, failure instanceof HttpException http ? http.getStatusCode()
                : failure instanceof RejectedExecutionException ? 503
                : failure == null && ctx.statusCode() >= 400 ? ctx.statusCode() : 500);
    }

    private static void answer(RoutingContext ctx, int status) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable failure = ctx.failure();
        Problem problem = status >= 500
                ? UnexpectedFailures.report(status, failure, ctx.request().method().name(), ctx.request().path())
                : Problem.of(status, Problem.httpRule(status), null, detail(status));
        var response = ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (status == 413) {
            // the rest of the body may still be arriving: do not read it only to discard it
            response.putHeader("Connection", "close");
        }
        response.end(Json.encode(problem));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (a path or query that cannot be decoded, say)";
            case 404 -> "no such resource";
            case 405 -> "the resource does not allow this method";
            case 413 -> "the request body exceeds the limit";
            case 414 -> "the request URI is too long";
            case 415 -> "the resource does not accept this content type";
            default -> "the request was refused (HTTP " + status + ")";
        };
    }
}
