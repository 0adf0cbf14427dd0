package io.seamline.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;

/**
 * Request bodies of the API: a declared body over {@code quarkus.http.limits.max-body-size} is refused with a
 * problem response (before Quarkus' own limit answers with an empty 413), and every other body is read whole
 * on the I/O thread. The resources run on worker threads; without the body in hand, each would read it as a
 * blocking stream fed by the I/O thread, a hand-off that cost a third of the event loop's CPU under load.
 * A chunked body declares no length: reading it whole stops at the limit and fails the request with 413,
 * which {@link RouteFailures} answers as a problem (the blocking stream would answer with an empty 413).
 */
@ApplicationScoped
class RequestBodies {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            if (declaredLength(ctx.request().getHeader("Content-Length")) > max) {
                Problem problem = Problem.of(413, "body-too-large", null, "the request body exceeds " + max + " bytes");
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(Json.encode(problem));
                return;
            }
            ctx.next();
        });
        // Only HTTP/1.x requests that declare a body (a length or chunks): REST pauses the request it is handed,
        // which an HTTP/2 stream refuses once read, and a request without a body has nothing to hand over.
        BodyHandler readWhole = BodyHandler.create(false).setBodyLimit(max);
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> {
            if (ctx.request().version() != HttpVersion.HTTP_2
                    && (declaredLength(ctx.request().getHeader("Content-Length")) > 0 || chunked(ctx))) {
                readWhole.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static boolean chunked(RoutingContext ctx) {
        String encoding = ctx.request().getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP server refuses a malformed length itself
        }
    }
}
