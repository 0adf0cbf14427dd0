package io.seamline.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A path or query holding a NUL character ({@code %00}) is refused before any resource sees it: no id, SKU or
 * search can contain one, and PostgreSQL refuses to compare text with it, so a lookup would fail instead of
 * finding nothing.
 */
@ApplicationScoped
class RequestTargets {

    private static final String NUL = "%00";

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(RequestTargets::check);
    }

    static void check(RoutingContext ctx) {
        String target = ctx.request().uri();
        int nul = target.indexOf(NUL);
        if (nul < 0) {
            ctx.next();
            return;
        }
        String field = fieldAt(target, nul);
        Problem problem = Problem.of(400, "nul-character", field, (field.equals("path") ? "the path" : "parameter " + field)
                + " holds a NUL character (%00)");
        ctx.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }

    /** "path", or the name of the query parameter whose name or value holds position {@code at}. */
    private static String fieldAt(String target, int at) {
        int query = target.indexOf('?');
        if (query < 0 || at < query) {
            return "path";
        }
        int start = target.lastIndexOf('&', at) + 1;
        String parameter = target.substring(Math.max(start, query + 1));
        int equals = parameter.indexOf('=');
        return equals < 0 ? parameter.split("&")[0] : parameter.substring(0, equals);
    }
}
