package io.seamline.http;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.seamline.platform.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.seamline.http.ApiFixtures.anonymous;
import static io.seamline.http.ApiFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the running application, REST and GraphQL, called with no credentials and with a token of each
 * role alone: no credentials is 401, a role the endpoint does not declare is 403, a role it declares gets through
 * (whatever the endpoint then answers). The endpoints come from the application itself: REST from its OpenAPI
 * document (which lists each operation's roles), GraphQL from its schema, so a new endpoint is checked without
 * anyone adding it here, and one that declares no role fails.
 */
@QuarkusTest
class SecurityMatrixIT {

    /** null: no credentials. */
    private static final List<String> CALLERS = new ArrayList<>(Arrays.asList((String) null));

    static {
        CALLERS.addAll(Roles.ALL);
    }

    /**
     * Query parameters that keep an operator's call cheap: a relay replay after the log's end re-sends nothing, and
     * a page of the log after it is empty.
     */
    private static final Map<String, String> QUERY_VALUES = Map.of("after", Long.toString(Long.MAX_VALUE - 1));

    private record Endpoint(String method, String path, Set<String> roles, Set<String> queryParameters) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyRestEndpoint_admitsExactlyTheRolesItDeclares() {
        List<Endpoint> endpoints = restEndpoints();
        assertThat(endpoints).as("endpoints in /q/openapi").hasSizeGreaterThan(30);
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.roles().isEmpty()) {
                wrong.add(endpoint + " declares no role (@RolesAllowed)");
                continue;
            }
            for (String caller : CALLERS) {
                Response response = call(caller, endpoint);
                check(wrong, endpoint + " as " + describe(caller), expected(caller, endpoint.roles()), response);
            }
        }
        assertThat(wrong).as("endpoints whose access differs from their declared roles").isEmpty();
    }

    @Test
    void everyRestEndpoint_declaresTheRoleOfItsKind() {
        // README, Security: operators run the platform, analysts see raw data, writers append, readers read
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : restEndpoints()) {
            String intended = intendedRole(endpoint);
            if (!endpoint.roles().equals(Set.of(intended))) {
                wrong.add(endpoint + " declares " + endpoint.roles() + ", meant for " + intended);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String intendedRole(Endpoint endpoint) {
        String path = endpoint.path();
        if (path.startsWith("/api/admin/") || path.startsWith("/api/quarantine")) {
            return Roles.OPERATOR;
        }
        if (path.equals("/api/warehouse/sql") || path.equals("/api/events") || path.startsWith("/api/lineage/")) {
            return Roles.ANALYST;
        }
        if (!endpoint.method().equals("GET")) {
            return Roles.WRITER;
        }
        return Roles.READER;
    }

    @Test
    void everyGraphQLField_admitsExactlyTheRolesItDeclares() {
        Map<String, Set<String>> declared = declaredGraphQLRoles();
        JsonPath schema = introspect();
        List<String> wrong = new ArrayList<>();
        int fields = 0;
        for (String operation : List.of("query", "mutation")) {
            String root = schema.getString("data.__schema." + operation + "Type.name");
            List<Map<String, Object>> rootFields = schema.getList("data.__schema.types.find { it.name == '" + root
                    + "' }.fields");
            for (Map<String, Object> field : rootFields) {
                fields++;
                String name = (String) field.get("name");
                Set<String> roles = declared.get(name);
                if (roles == null || roles.isEmpty()) {
                    wrong.add(operation + " " + name + " declares no role (@RolesAllowed on its method)");
                    continue;
                }
                String document = operation + " { " + name + arguments(field, schema) + selection(field) + " }";
                for (String caller : CALLERS) {
                    JsonPath answer = request(caller).contentType(ContentType.JSON)
                            .body(Map.of("query", document)).post("/graphql").then().extract().jsonPath();
                    String code = answer.getString("errors[0].extensions.code");
                    String message = answer.getString("errors[0].message");
                    String expected = expectedGraphQLCode(caller, roles);
                    boolean refused = "unauthorized".equals(code) || "forbidden".equals(code);
                    if (expected == null ? refused : !expected.equals(code) || message == null || message.isBlank()) {
                        wrong.add(operation + " " + name + " as " + describe(caller) + ": expected "
                                + (expected == null ? "no refusal" : expected + " with a message") + ", got "
                                + answer.prettify());
                    }
                }
            }
        }
        assertThat(fields).as("GraphQL fields in the schema").isGreaterThan(10);
        assertThat(wrong).as("GraphQL fields whose access differs from their declared roles").isEmpty();
    }

    @Test
    void healthAndApiDescription_areOpen() {
        anonymous().get("/q/health/ready").then().statusCode(200);
        anonymous().get("/q/health/live").then().statusCode(200);
        anonymous().get("/q/openapi").then().statusCode(200);
        anonymous().get("/q/metrics").then().statusCode(200); // open by default; SEAMLINE_METRICS_ACCESS closes it
    }

    // --- the REST endpoints, as the application describes them ------------------------------------------------------

    private static List<Endpoint> restEndpoints() {
        JsonPath openapi = anonymous().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openapi.getMap("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                return;
            }
            Set<String> roles = new LinkedHashSet<>();
            Object security = operation.get("security");
            if (security instanceof List<?> requirements) {
                for (Object requirement : requirements) {
                    ((Map<?, ?>) requirement).values().forEach(scopes -> ((List<?>) scopes)
                            .forEach(role -> roles.add((String) role)));
                }
            }
            Set<String> query = new LinkedHashSet<>();
            if (operation.get("parameters") instanceof List<?> parameters) {
                for (Object parameter : parameters) {
                    Map<?, ?> p = (Map<?, ?>) parameter;
                    if ("query".equals(p.get("in"))) {
                        query.add((String) p.get("name"));
                    }
                }
            }
            endpoints.add(new Endpoint(method.toUpperCase(), path, roles, query));
        }));
        return endpoints;
    }

    private static Response call(String caller, Endpoint endpoint) {
        RequestSpecification request = request(caller);
        endpoint.queryParameters().stream().filter(QUERY_VALUES::containsKey)
                .forEach(name -> request.queryParam(name, QUERY_VALUES.get(name)));
        if (!endpoint.method().equals("GET") && !endpoint.method().equals("DELETE")) {
            request.contentType(ContentType.JSON).body("{}");
        }
        // every path parameter is an id no one has
        String path = endpoint.path().replaceAll("\\{[^}]+}", "no-such-id");
        return request.request(endpoint.method(), path);
    }

    /** 401 or 403 as problem+json when refused, anything but those when let through. */
    private static void check(List<String> wrong, String what, int expected, Response response) {
        int status = response.statusCode();
        if (expected == 0) {
            if (status == 401 || status == 403) {
                wrong.add(what + ": refused with " + status + " although the role is declared");
            }
            return;
        }
        if (status != expected) {
            wrong.add(what + ": expected " + expected + ", got " + status + " " + response.asString());
        } else if (!String.valueOf(response.contentType()).startsWith(ApiFixtures.PROBLEM_JSON)) {
            wrong.add(what + ": " + status + " without application/problem+json");
        } else if (status == 401 && response.header("WWW-Authenticate") == null) {
            wrong.add(what + ": 401 without a WWW-Authenticate challenge");
        }
    }

    /** 401 for no credentials, 403 for an undeclared role, 0 for "let through". */
    private static int expected(String caller, Set<String> roles) {
        return caller == null ? 401 : roles.contains(caller) ? 0 : 403;
    }

    // --- the GraphQL fields, as the running application's schema has them ------------------------------------------

    private static JsonPath introspect() {
        String query = """
                { __schema {
                    queryType { name }
                    mutationType { name }
                    types { name kind fields { name args { name type { ...ref } } type { ...ref } }
                            inputFields { name type { ...ref } } enumValues { name } }
                } }
                fragment ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }""";
        return request(Roles.READER).contentType(ContentType.JSON).body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The field's required arguments, each with a value of its type, in GraphQL syntax. */
    @SuppressWarnings("unchecked")
    private static String arguments(Map<String, Object> field, JsonPath schema) {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> arg : (List<Map<String, Object>>) field.get("args")) {
            Map<String, Object> type = (Map<String, Object>) arg.get("type");
            if ("NON_NULL".equals(type.get("kind"))) {
                values.add(arg.get("name") + ": " + value(type, schema));
            }
        }
        return values.isEmpty() ? "" : "(" + String.join(", ", values) + ")";
    }

    @SuppressWarnings("unchecked")
    private static String value(Map<String, Object> type, JsonPath schema) {
        String kind = (String) type.get("kind");
        return switch (kind) {
            case "NON_NULL" -> value((Map<String, Object>) type.get("ofType"), schema);
            case "LIST" -> "[]";
            case "ENUM" -> schema.getString("data.__schema.types.find { it.name == '" + type.get("name")
                    + "' }.enumValues[0].name");
            case "INPUT_OBJECT" -> {
                List<Map<String, Object>> inputFields = schema.getList("data.__schema.types.find { it.name == '"
                        + type.get("name") + "' }.inputFields");
                List<String> required = new ArrayList<>();
                for (Map<String, Object> input : inputFields) {
                    Map<String, Object> inputType = (Map<String, Object>) input.get("type");
                    if ("NON_NULL".equals(inputType.get("kind"))) {
                        required.add(input.get("name") + ": " + value(inputType, schema));
                    }
                }
                yield "{" + String.join(", ", required) + "}";
            }
            default -> switch (String.valueOf(type.get("name"))) {
                case "Boolean" -> "false";
                case "Int", "BigInteger", "Long" -> "1";
                case "Float", "BigDecimal" -> "1.5";
                default -> "\"no-such-id\"";
            };
        };
    }

    /** {@code { __typename }} for a field of object type, which needs a selection; nothing for a scalar. */
    @SuppressWarnings("unchecked")
    private static String selection(Map<String, Object> field) {
        Map<String, Object> type = (Map<String, Object>) field.get("type");
        while (type.get("ofType") != null && !"OBJECT".equals(type.get("kind"))) {
            type = (Map<String, Object>) type.get("ofType");
        }
        return "OBJECT".equals(type.get("kind")) ? " { __typename }" : "";
    }

    /** The roles each GraphQL field's Java method declares, from every {@code @GraphQLApi} class of the service. */
    private static Map<String, Set<String>> declaredGraphQLRoles() {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (JavaClass api : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seamline")) {
            if (!api.isAnnotatedWith(GraphQLApi.class)) {
                continue;
            }
            for (Method method : api.reflect().getDeclaredMethods()) {
                String name = fieldName(method);
                if (name == null) {
                    continue;
                }
                RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
                declared.put(name, roles != null ? Set.of(roles.value())
                        : method.isAnnotationPresent(PermitAll.class) ? Set.copyOf(Roles.ALL) : Set.of());
            }
        }
        return declared;
    }

    private static String fieldName(Method method) {
        Query query = method.getAnnotation(Query.class);
        Mutation mutation = method.getAnnotation(Mutation.class);
        String named = query != null ? query.value() : mutation != null ? mutation.value() : null;
        if (named == null) {
            return null;
        }
        return named.isEmpty() ? method.getName() : named;
    }

    private static String expectedGraphQLCode(String caller, Set<String> roles) {
        return caller == null ? "unauthorized" : roles.contains(caller) ? null : "forbidden";
    }

    // --- callers ------------------------------------------------------------------------------------------------

    private static RequestSpecification request(String caller) {
        return caller == null ? anonymous() : as(caller);
    }

    private static String describe(String caller) {
        return caller == null ? "no credentials" : caller;
    }
}
