package io.seamline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, with the broken rule's name and the offending field; {@code instance} names one
 * occurrence (an unexpected failure's id, which the log carries too).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String rule, String field,
                      String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String rule, String field, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        // Jakarta REST's enum has no 422 (RFC 9110 names it)
        String title = known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error";
        return new Problem("https://seamline.dev/problems/" + rule, title, status, detail, rule, field, null);
    }

    /** The rule of an HTTP-level refusal that no resource named: the status says it all. */
    public static String httpRule(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 413 -> "body-too-large";
            default -> "http-" + status;
        };
    }

    public static Response response(int status, String rule, String field, String detail) {
        return response(of(status, rule, field, detail));
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, rule, field, instance);
    }
}
