package io.seamline.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTTP side of /graphql, checked before SmallRye GraphQL sees a request. SmallRye answers a method it does not
 * serve or an Accept header it cannot satisfy with an empty 405 or 406, a POST without a query with a plain-text
 * 400, and a body of the wrong shape ({@code "variables": "x"}), nesting or numbers its JSON parser refuses, or a
 * charset Java lacks with a 500. Here each is a problem response instead. A form or plain-text body is refused
 * (415): it is not how GraphQL is posted, and it is what a cross-site form could send. Everything past the
 * transport (syntax, validation, limits, refused commands) stays a GraphQL answer with errors.
 */
@ApplicationScoped
class GraphQLTransport {

    /** What SmallRye GraphQL answers in; it refuses a request that accepts none of these (or any type). */
    private static final List<String> ANSWER_TYPES = List.of("application/json", "application/graphql-response+json",
            "application/graphql+json", "*/*");
    /** SmallRye takes the body as the query for application/graphql and as JSON otherwise. */
    private static final List<String> BODY_TYPES = List.of("application/json", "application/graphql");
    /** SmallRye removes raw line breaks and tabs before parsing, so queries from text blocks parse. */
    private static final Pattern RAW_BREAKS = Pattern.compile("[\\n\\t\\r]");
    /** The members of a GraphQL request, and the JSON type each must have when present. */
    private static final Map<String, Class<?>> MEMBERS = Map.of("query", String.class, "operationName", String.class,
            "variables", JsonObject.class, "extensions", JsonObject.class);

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String rootPath;

    @ConfigProperty(name = "quarkus.smallrye-graphql.http.get.enabled", defaultValue = "false")
    boolean getEnabled;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize bodyLimit;

    void install(@Observes Router router) {
        String path = rootPath.startsWith("/") ? rootPath : "/" + rootPath;
        List<String> methods = getEnabled ? List.of("GET", "POST", "OPTIONS") : List.of("POST", "OPTIONS");
        // before the GraphQL route, whose body handler then finds the body read; a route takes a body handler
        // only as its first, so the checks of the head and of the body are two routes
        router.route(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(ctx -> checkHead(ctx, methods));
        router.route(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit.asLongValue()))
                .handler(GraphQLTransport::checkBody);
    }

    private static void checkHead(RoutingContext ctx, List<String> methods) {
        String method = ctx.request().method().name();
        String type = ctx.request().getHeader("Content-Type");
        if (!methods.contains(method)) {
            ctx.response().putHeader("Allow", String.join(", ", methods));
            refuse(ctx, 405, "http-405", null, "GraphQL is served to " + String.join(", ", methods));
        } else if (!acceptsAnAnswer(ctx.request().getHeader("Accept"))) {
            refuse(ctx, 406, "http-406", null, "GraphQL answers in application/json or application/graphql-response+json");
        } else if (!method.equals("POST")) {
            ctx.next();
        } else if (!declaresBody(ctx)) {
            refuse(ctx, 400, "graphql-query-required", null, "a GraphQL POST carries the query in its body");
        } else if (type != null && !type.isBlank() && !(postable(type) && knownCharset(type))) {
            refuse(ctx, 415, "http-415", null, "GraphQL is posted as application/json (or application/graphql), in a "
                    + "charset Java knows");
        } else {
            ctx.next();
        }
    }

    /** A JSON body must be one object whose members have their types: what SmallRye reads without failing. */
    private static void checkBody(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (!ctx.request().method().name().equals("POST") || (type != null && mediaType(type).equals("application/graphql"))) {
            ctx.next();
            return;
        }
        JsonObject request;
        try {
            request = new JsonObject(RAW_BREAKS.matcher(ctx.body().asString()).replaceAll(" "));
        } catch (DecodeException | ClassCastException | NullPointerException notAnObject) {
            refuse(ctx, 400, "malformed-json", null, "the request body is not a JSON object (or nests deeper, or holds "
                    + "longer numbers, than a request may)");
            return;
        }
        for (Map.Entry<String, Class<?>> member : MEMBERS.entrySet()) {
            Object value = request.getValue(member.getKey());
            if (value != null && !member.getValue().isInstance(value)) {
                refuse(ctx, 400, "graphql-request-invalid", member.getKey(), member.getKey() + " must be "
                        + (member.getValue() == String.class ? "a string" : "an object"));
                return;
            }
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String rule, String field, String detail) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(Problem.of(status, rule, field, detail)));
    }

    /** As SmallRye decides it: no Accept header, or one of its entries names a type it answers in. */
    static boolean acceptsAnAnswer(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String entry : accept.split(",")) {
            String type = entry.strip().toLowerCase(Locale.ROOT);
            if (ANSWER_TYPES.stream().anyMatch(type::startsWith)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        return length == null ? ctx.request().getHeader("Transfer-Encoding") != null : !length.strip().equals("0");
    }

    private static String mediaType(String contentType) {
        return contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean postable(String contentType) {
        return BODY_TYPES.contains(mediaType(contentType));
    }

    private static boolean knownCharset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                try {
                    return Charset.isSupported(pair[1].strip().replace("\"", ""));
                } catch (IllegalCharsetNameException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
