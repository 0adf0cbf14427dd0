package io.seamline.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses a state-changing request that a web page on another site could send without asking (a CORS "simple"
 * request: a form post or {@code text/plain}), so a page cannot make a visitor's browser act on the API. Bearer
 * tokens already keep browsers from sending credentials on their own; this holds even where a proxy adds them.
 * Commands take JSON, and a bodiless command is a non-simple request through its Authorization header.
 */
@ApplicationScoped
class CrossSiteRequests {

    /** The content types a browser sends cross-site without a preflight (Fetch standard, CORS-safelisted). */
    private static final Set<String> SIMPLE = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
            "text/plain");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(ctx -> {
            String path = ctx.normalizedPath();
            boolean api = path.startsWith("/api/") || path.equals("/graphql") || path.startsWith("/graphql/");
            if (api && !SAFE.contains(ctx.request().method()) && simple(ctx.request().getHeader("Content-Type"))) {
                Problem problem = Problem.of(415, "cross-site-simple-request", "Content-Type",
                        "a state-changing request must be sent as application/json, not as a form or text/plain");
                ctx.response().setStatusCode(415).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(Json.encode(problem));
                return;
            }
            ctx.next();
        });
    }

    private static boolean simple(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        return SIMPLE.contains(mediaType.toLowerCase(Locale.ROOT));
    }
}
