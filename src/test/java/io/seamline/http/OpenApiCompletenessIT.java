package io.seamline.http;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.seamline.http.ApiFixtures.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JAX-RS resource method in {@code io.seamline.http}, found in the compiled classes (not in the document, which
 * could leave one out), appears in {@code /q/openapi} with each of its parameters, the roles it declares and the
 * problem+json responses it can give; every parameter but an opaque cursor has an example or a description, and
 * every request body an example ({@link OpenApiExamplesIT} sends each one).
 */
@QuarkusTest
class OpenApiCompletenessIT {

    /** Headers OpenAPI says a description must not list: they are the HTTP machinery's own. */
    private static final Set<String> MACHINERY_HEADERS = Set.of("accept", "content-type", "authorization");
    /** Parameters whose values only the API makes (a page's nextCursor): described, never exemplified. */
    private static final Set<String> OPAQUE_PARAMETERS = Set.of("cursor");
    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", PATCH.class, "patch", DELETE.class, "delete", HEAD.class, "head");

    record ResourceMethod(String method, String path, Method java) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path + " (" + java.getDeclaringClass().getSimpleName() + "#"
                    + java.getName() + ")";
        }
    }

    @Test
    void everyResourceMethod_isDocumentedWithItsParametersRolesProblemsAndExamples() {
        List<ResourceMethod> methods = resourceMethods();
        assertThat(methods).as("resource methods found in io.seamline.http").hasSizeGreaterThan(30);
        JsonPath openapi = anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openapi.getMap("paths");
        List<String> wrong = new ArrayList<>();
        for (ResourceMethod m : methods) {
            Map<String, Object> operation = paths.getOrDefault(m.path(), Map.of()).get(m.method());
            if (operation == null) {
                wrong.add(m + " is missing from /q/openapi");
                continue;
            }
            List<Map<String, Object>> documented = parameters(operation);
            for (java.lang.reflect.Parameter p : m.java().getParameters()) {
                String[] expected = parameter(p);
                if (expected != null && documented.stream().noneMatch(d -> expected[0].equals(d.get("in"))
                        && expected[1].equalsIgnoreCase((String) d.get("name")))) {
                    wrong.add(m + " does not document its " + expected[0] + " parameter " + expected[1]);
                }
            }
            Set<String> declared = declaredRoles(m.java());
            Object roles = operation.get("x-roles");
            if (!(roles instanceof List<?> list) || !new TreeSet<>(list.stream().map(Object::toString).toList())
                    .equals(declared)) {
                wrong.add(m + " documents roles " + roles + ", declares " + declared);
            }
            if (!String.valueOf(operation.get("description")).contains(String.join(", ", declared))) {
                wrong.add(m + " does not name its roles in its description");
            }
            if (!problemResponses(operation).containsAll(declared.isEmpty() ? Set.of("500") : Set.of("401", "403"))) {
                wrong.add(m + " documents no problem+json for 401/403 (has " + problemResponses(operation) + ")");
            }
            if (!documented.isEmpty() && !problemResponses(operation).contains("400")) {
                wrong.add(m + " takes parameters but documents no 400 problem");
            }
            for (Map<String, Object> p : documented) {
                if (!OPAQUE_PARAMETERS.contains(p.get("name")) && blank(p.get("example"))
                        && blank(p.get("description"))) {
                    wrong.add(m + " documents " + p.get("in") + " parameter " + p.get("name")
                            + " with neither an example nor a description");
                }
            }
            if (takesBody(m.java()) && requestBodyContent(operation).isEmpty()) {
                wrong.add(m + " takes a body but documents none");
            }
            requestBodyContent(operation).forEach((mediaType, content) -> {
                if (!(content instanceof Map<?, ?> media) || blank(media.get("example"))
                        && !(media.get("examples") instanceof Map<?, ?> examples && !examples.isEmpty())) {
                    wrong.add(m + " takes a " + mediaType + " body but documents no example of it");
                }
            });
        }
        assertThat(wrong).as("endpoints missing or undocumented in /q/openapi").isEmpty();
        assertThat(openapi.getList("components.schemas.Problem.required")).contains("rule", "detail");
    }

    @Test
    void theDashboardDocumentsItsRollUpAndExamples() {
        JsonPath openapi = anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> operation = openapi.getMap("paths.'/api/dashboard/revenue'.get");
        assertThat(String.valueOf(operation.get("description"))).contains("level", "nextCursor", "(order, category)");
        assertThat(parameters(operation)).anySatisfy(p -> {
            assertThat(p).containsEntry("name", "level");
            assertThat(String.valueOf(p.get("example"))).isEqualTo("1");
        });
    }

    /** The content of the operation's request body by media type; empty when it takes none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> requestBodyContent(Map<String, Object> operation) {
        return operation.get("requestBody") instanceof Map<?, ?> body
                && body.get("content") instanceof Map<?, ?> content ? (Map<String, Object>) content : Map.of();
    }

    /** Whether the method reads a body: a parameter JAX-RS fills from nothing else (not a param, not a context). */
    private static boolean takesBody(Method method) {
        return Arrays.stream(method.getParameters()).anyMatch(p -> Arrays.stream(p.getAnnotations())
                .noneMatch(a -> a.annotationType().getPackageName().equals("jakarta.ws.rs")
                        || a.annotationType().getPackageName().equals("jakarta.ws.rs.core")));
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    /** {in, name} of a parameter the description must list, or null for one it need not (a body, a context). */
    private static String[] parameter(java.lang.reflect.Parameter p) {
        if (p.isAnnotationPresent(QueryParam.class)) {
            return new String[] {"query", p.getAnnotation(QueryParam.class).value()};
        }
        if (p.isAnnotationPresent(PathParam.class)) {
            return new String[] {"path", p.getAnnotation(PathParam.class).value()};
        }
        if (p.isAnnotationPresent(HeaderParam.class)
                && !MACHINERY_HEADERS.contains(p.getAnnotation(HeaderParam.class).value().toLowerCase())) {
            return new String[] {"header", p.getAnnotation(HeaderParam.class).value()};
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parameters(Map<String, Object> operation) {
        return operation.get("parameters") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> problemResponses(Map<String, Object> operation) {
        Set<String> statuses = new TreeSet<>();
        ((Map<String, Map<String, Object>>) operation.getOrDefault("responses", Map.of())).forEach((status, r) -> {
            if (r.get("content") instanceof Map<?, ?> content && content.containsKey(Problem.MEDIA_TYPE)) {
                statuses.add(status);
            }
        });
        return statuses;
    }

    private static Set<String> declaredRoles(Method method) {
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        return roles == null ? new TreeSet<>() : new TreeSet<>(Arrays.asList(roles.value()));
    }

    private static List<ResourceMethod> resourceMethods() {
        List<ResourceMethod> found = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seamline.http")) {
            Class<?> resource = type.reflect();
            if (!resource.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method method : resource.getDeclaredMethods()) {
                METHODS.forEach((annotation, name) -> {
                    if (method.isAnnotationPresent(annotation)) {
                        Path sub = method.getAnnotation(Path.class);
                        found.add(new ResourceMethod(name, join(resource.getAnnotation(Path.class).value(),
                                sub == null ? "" : sub.value()), method));
                    }
                });
            }
        }
        return found;
    }

    /** The OpenAPI path of a resource and method path: one slash between, none at the end, {id: regex} as {id}. */
    private static String join(String resource, String method) {
        String path = ("/" + resource + "/" + method).replaceAll("/+", "/").replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
