package io.seamline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.seamline.domain.Conflict;
import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.seam.EventContractViolation;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.sql.SqlBusy;
import io.seamline.projection.warehouse.sql.SqlFailure;
import io.seamline.projection.warehouse.table.TableVersionNotFound;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Every refusal as application/problem+json naming the rule and, where there is one, the field. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return Problem.response(409, e.rule(), e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response ruleViolation(RuleViolation e) {
        int status = switch (e.rule()) {
            case "illegal-transition", "product-discontinued" -> 409;
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

    /** A read as of a version the table never had or no longer retains: the version named by asOf is not found. */
    @ServerExceptionMapper
    public Response tableVersionNotFound(TableVersionNotFound e) {
        return Problem.response(404, "version-not-found", "asOf", e.getMessage());
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
        String detail = field == null ? "the request body is not valid JSON" : "field " + field + " has the wrong type";
        return Problem.response(400, "malformed-json", field, detail);
    }

    /** More specific than Quarkus' built-in mapper for this type, which would answer with its own JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return Problem.response(413, "body-too-large", null, "the request body exceeds the limit");
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        return Problem.response(status, "http-" + status, null, e.getMessage());
    }
}
