package io.seamline.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every answer that is one aggregate's state carries its aggregate version as ETag, the value If-Match takes back
 * (as command answers do); a GET whose If-None-Match names it is answered 304 without a body.
 */
@Provider
class AggregateETags implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Long version = switch (response.getEntity()) {
            case Views.Product product -> product.aggregateVersion();
            case Views.Order order -> order.aggregateVersion();
            case null, default -> null;
        };
        if (version == null || response.getStatus() != Response.Status.OK.getStatusCode()) {
            return;
        }
        EntityTag tag = new EntityTag(Long.toString(version));
        response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        if (HttpMethod.GET.equals(request.getMethod()) && named(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            response.setStatus(Response.Status.NOT_MODIFIED.getStatusCode());
            response.setEntity(null);
        }
    }

    /** Whether an If-None-Match list (strong or weak tags, or *) names the tag. */
    private static boolean named(String ifNoneMatch, EntityTag tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*") || value.replaceFirst("^W/", "").equals("\"" + tag.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
