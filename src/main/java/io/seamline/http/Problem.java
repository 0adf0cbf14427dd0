package io.seamline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail, with the broken rule's name and the offending field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String rule, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String rule, String field, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        // Jakarta REST's enum has no 422 (RFC 9110 names it)
        String title = known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error";
        return new Problem("https://seamline.dev/problems/" + rule, title, status, detail, rule, field);
    }

    public static Response response(int status, String rule, String field, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, rule, field, detail)).build();
    }
}
