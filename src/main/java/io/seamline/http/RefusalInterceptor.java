package io.seamline.http;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Around the role check (Quarkus' runs at priority 150), turns its refusals into {@link AccessRefused}: GraphQL would
 * otherwise answer them with a null message, which its spec does not allow, and no hint of what was missing.
 */
@ExplainRefusals
@Interceptor
@Priority(100)
public class RefusalInterceptor {

    @AroundInvoke
    Object explain(InvocationContext invocation) throws Exception {
        try {
            Object result = invocation.proceed();
            // a reactive field is refused through its Uni, not by a throw
            return result instanceof Uni<?> uni ? uni.onFailure().transform(RefusalInterceptor::explained) : result;
        } catch (UnauthorizedException | ForbiddenException e) {
            throw explained(e);
        }
    }

    private static RuntimeException explained(Throwable failure) {
        if (failure instanceof UnauthorizedException) {
            return new AccessRefused.Unauthenticated();
        }
        if (failure instanceof ForbiddenException) {
            return new AccessRefused.Forbidden();
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
