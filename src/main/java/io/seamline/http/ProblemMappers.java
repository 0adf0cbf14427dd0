package io.seamline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.seamline.domain.Conflict;
import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.projection.search.QueryTooComplex;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.sql.SqlBusy;
import io.seamline.projection.warehouse.sql.SqlFailure;
import io.seamline.projection.warehouse.table.TableVersionNotFound;
import io.seamline.seam.event.EventContractViolation;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.math.BigInteger;
import java.util.Set;
import java.util.stream.Collectors;

/** Every refusal as application/problem+json naming the rule and, where there is one, the field. */
class ProblemMappers {

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class, BigInteger.class);

    /** No credentials (a token that does not verify is refused earlier: {@link AuthenticationFailures}). */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(Problem.response(401, "credentials-required", "Authorization",
                "this endpoint needs a bearer token (README, Security)")).header("WWW-Authenticate", "Bearer").build();
    }

    /** Authenticated, but without a role this endpoint allows. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "role-required", null, "the caller's roles do not include one this endpoint "
                + "allows (README, Security)");
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return Problem.response(409, e.rule(), e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response ruleViolation(RuleViolation e) {
        int status = switch (e.rule()) {
            case "illegal-transition", "product-discontinued" -> 409;
            // the request is well-formed but its idempotency key belongs to another request (IETF httpapi draft)
            case "idempotency-key-reused" -> 422;
            default -> 400;
        };
        return Problem.response(status, e.rule(), e.field(), e.getMessage());
    }

    /** The write side refused to append an event that breaks its schema: our bug, so a 500 that says which. */
    @ServerExceptionMapper
    public Response eventContractViolation(EventContractViolation e) {
        return Problem.response(500, "event-contract-violation", null, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.response(404, "not-found", null, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidQueryParameter(InvalidQueryParameter e) {
        return Problem.response(400, "invalid-parameter", e.parameter(), e.getMessage());
    }

    /**
     * A SQL statement that was refused, ran past its timeout or hit a resource limit (400: the statement is the
     * client's to change), or that found every slot taken (429, with Retry-After in seconds).
     */
    @ServerExceptionMapper
    public Response sqlFailure(SqlFailure e) {
        if (e instanceof SqlBusy busy) {
            return Response.fromResponse(Problem.response(429, busy.rule(), null, busy.getMessage()))
                    .header("Retry-After", busy.retryAfter().toSeconds()).build();
        }
        return Problem.response(400, e.rule(), "sql", e.getMessage());
    }

    /**
     * A read as of a version the table never had or no longer retains: the version named by asOf (a SQL statement's
     * asOf.&lt;table&gt; when pinned per table) is not found.
     */
    @ServerExceptionMapper
    public Response tableVersionNotFound(TableVersionNotFound e) {
        return Problem.response(404, "version-not-found", e.parameter(), e.getMessage());
    }

    /** A search whose words would exceed what the keyword index can ask in one query. */
    @ServerExceptionMapper
    public Response queryTooComplex(QueryTooComplex e) {
        return Problem.response(400, "query-too-complex", "q", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e) {
        return Problem.response(404, "not-found", null, "no such resource");
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : null;
        String detail = field == null ? "the request body is not valid JSON"
                : wholeNumberExpected(e) ? "field " + field + " must be a whole number within the range of its type"
                : "field " + field + " has the wrong type";
        return Problem.response(400, "malformed-json", field, detail);
    }

    /** A fraction or an out-of-range number for an integer field: refused, never rounded or truncated. */
    private static boolean wholeNumberExpected(JsonProcessingException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType()
                : e.getCause() instanceof InputCoercionException c ? c.getTargetType() : null;
        return target != null && WHOLE_NUMBERS.contains(target);
    }

    /** More specific than Quarkus' built-in mapper for this type, which would answer with its own JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return Problem.response(413, "body-too-large", null, "the request body exceeds the limit");
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        if (status >= 500) {
            return Problem.response(UnexpectedFailures.report(status, e, request.method().name(), request.path()));
        }
        return Problem.response(status, Problem.httpRule(status), null, e.getMessage());
    }

    /**
     * Anything no other mapper names is our failure, not the client's: a 500 problem with an id, and the
     * exception in the log under that id only (its text may hold paths or SQL).
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return Problem.response(UnexpectedFailures.report(e, request.method().name(), request.path()));
    }
}
