package io.seamline.http;

import io.seamline.platform.idempotency.StoredAnswer;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * How a command was answered: 201 with the new aggregate's location, or 200; the aggregate and its version (the
 * ETag); and whether the answer is the stored one of an earlier request with the same idempotency key.
 */
record CommandAnswer(StoredAnswer answer, boolean replayed) {

    static CommandAnswer created(String location, String id) {
        return new CommandAnswer(new StoredAnswer(201, id, 0, location), false);
    }

    static CommandAnswer changed(String id, long version) {
        return new CommandAnswer(new StoredAnswer(200, id, version, null), false);
    }

    /** The REST answer: the same status, body, ETag and Location as the first time, marked when replayed. */
    Response response() {
        Response.ResponseBuilder response = answer.location() == null ? Response.status(answer.status())
                : Response.created(URI.create(answer.location())).status(answer.status());
        response.entity(accepted()).tag(Long.toString(answer.version()));
        if (replayed) {
            response.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    /** The body (REST) or result (GraphQL). */
    CommandAccepted accepted() {
        return new CommandAccepted(answer.aggregateId(), answer.version());
    }
}
