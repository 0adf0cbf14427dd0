package io.seamline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records each call of an {@link Audited} endpoint after it ran: the caller, the endpoint as its route reads
 * ({@code POST /api/admin/reconcile/{model}}), its arguments by name, {@code ok} or the exception that refused or
 * failed it, and its duration. The call's answer waits for the record: an action the trail does not hold did not return.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** A recorded outcome is bounded like any other input: the start of a long message says enough. */
    private static final int OUTCOME_LIMIT = 2_000;
    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", PATCH.class, "PATCH", DELETE.class, "DELETE");

    private final AuditTrail trail;
    private final SecurityIdentity caller;

    AuditInterceptor(AuditTrail trail, SecurityIdentity caller) {
        this.trail = trail;
        this.caller = caller;
    }

    @AroundInvoke
    Object record(InvocationContext call) throws Exception {
        Instant at = Instant.now();
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            Object result = call.proceed();
            if (result instanceof Response response && response.getStatus() >= 400) {
                outcome = "HTTP " + response.getStatus();
            }
            return result;
        } catch (Exception | Error e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw e;
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            trail.record(at, actor(), String.join(",", new TreeSet<>(caller.getRoles())), action(call.getMethod()),
                    arguments(call), outcome.length() > OUTCOME_LIMIT ? outcome.substring(0, OUTCOME_LIMIT) : outcome,
                    millis);
        }
    }

    private String actor() {
        return caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
    }

    /** The HTTP method and route of a resource method, from its JAX-RS annotations. */
    static String action(Method method) {
        String verb = VERBS.entrySet().stream().filter(v -> method.isAnnotationPresent(v.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(method.getName());
        Path type = method.getDeclaringClass().getAnnotation(Path.class);
        Path own = method.getAnnotation(Path.class);
        String route = (type == null ? "" : type.value()) + (own == null ? "" : prefixed(own.value()));
        return verb + " " + route;
    }

    private static String prefixed(String segment) {
        return segment.startsWith("/") ? segment : "/" + segment;
    }

    /** The arguments by parameter name; what JAX-RS injects from its context (headers, URIs) is not the caller's. */
    private static JsonNode arguments(InvocationContext call) {
        ObjectNode arguments = JSON.createObjectNode();
        Parameter[] parameters = call.getMethod().getParameters();
        Object[] values = call.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (!parameters[i].isAnnotationPresent(Context.class)) {
                arguments.set(parameters[i].getName(), JSON.valueToTree(values[i]));
            }
        }
        return arguments;
    }
}
