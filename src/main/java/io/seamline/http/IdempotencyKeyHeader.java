package io.seamline.http;

import io.seamline.domain.RuleViolation;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Checks the Idempotency-Key header where a resource's {@code @HeaderParam} cannot: an empty value reaches it as
 * no header at all (the command would silently not be deduplicated), and of repeated headers it sees the first.
 */
class IdempotencyKeyHeader {

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(IdempotencyKey.HEADER);
        if (values == null) {
            return;
        }
        if (values.size() > 1) {
            throw new RuleViolation("idempotency-key-invalid", IdempotencyKey.HEADER,
                    "send one " + IdempotencyKey.HEADER + " header, not " + values.size());
        }
        IdempotencyKey.parse(values.get(0) == null ? "" : values.get(0), IdempotencyKey.HEADER);
    }
}
