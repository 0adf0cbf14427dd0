package io.seamline.http;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.seamline.http.ApiFixtures.assertGoodErrorOrSuccess;
import static io.seamline.http.ApiFixtures.onTheWire;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A battery of malformed requests against every endpoint (found in the resource classes, so a new one joins by
 * itself) and /graphql: bad JSON, wrong types, huge numbers, unknown enum values, wrong methods, wrong content
 * types, odd paths, invalid UTF-8, deeply nested JSON. Every answer must be a success or a good error
 * ({@link ApiFixtures#assertGoodErrorOrSuccess}): never a 5xx, every 4xx a problem. Operator actions (POST and
 * DELETE under /api/admin) only get requests that cannot reach them (wrong methods), since a malformed body is
 * ignored by an action that takes none, and it would run: a replay or a stalled consumer mid-suite.
 */
@QuarkusTest
class MalformedRequestsIT {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "BREW");

    /** One resource method: its HTTP method, path template, parameters and whether it reads a body. */
    record Endpoint(String method, String path, List<String> queryParameters, List<String> headers, boolean takesBody) {
        boolean operatorAction() {
            return path.startsWith("/api/admin") && !method.equals("GET");
        }

        String path(String pathParameterValue) {
            return path.replaceAll("\\{[^}]+}", Matcher.quoteReplacement(pathParameterValue));
        }

        boolean hasPathParameters() {
            return path.contains("{");
        }

        /** The path with values a read finds (a warehouse table, a read model), so its parameters are reached. */
        String readablePath() {
            Matcher parameter = Pattern.compile("\\{([^}:]+)[^}]*}").matcher(path);
            return parameter.replaceAll(m -> switch (m.group(1)) {
                case "layer" -> "bronze";
                case "table" -> "events";
                case "model", "consumer" -> "rowstore";
                default -> "no-such-id";
            });
        }
    }

    /** Every endpoint the REST resources declare. */
    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seamline.http")) {
            if (!type.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> resource = type.reflect();
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String httpMethod = Arrays.stream(method.getAnnotations())
                        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                        .filter(Objects::nonNull).map(HttpMethod::value).findFirst().orElse(null);
                if (httpMethod == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                List<String> query = new ArrayList<>();
                List<String> headers = new ArrayList<>();
                boolean body = false;
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.getAnnotation(QueryParam.class) != null) {
                        query.add(parameter.getAnnotation(QueryParam.class).value());
                    } else if (parameter.getAnnotation(HeaderParam.class) != null) {
                        headers.add(parameter.getAnnotation(HeaderParam.class).value());
                    } else if (parameter.getAnnotation(PathParam.class) == null
                            && parameter.getAnnotation(Context.class) == null) {
                        body = true;
                    }
                }
                endpoints.add(new Endpoint(httpMethod, path, query, headers, body));
            }
        }
        return endpoints;
    }

    // --- what is sent, and what came back ------------------------------------------------------------

    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int sent;

    private void send(String method, String path, byte[] body, String... headers) {
        String request = method + " " + abbreviate(path) + (body.length == 0 ? "" : " " + abbreviate(printable(body)))
                + (headers.length == 0 ? "" : " " + Arrays.toString(headers));
        ApiFixtures.WireAnswer answer = onTheWire(method, path, body, headers);
        sent++;
        outcomes.merge(answer.status() / 100 + "xx", 1, Integer::sum);
        try {
            assertGoodErrorOrSuccess(request, answer);
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    private void sendJson(String method, String path, byte[] body) {
        send(method, path, body, "Content-Type", "application/json");
    }

    /** Every answer was a success or a good error; the counts go to the test's output. */
    private void assertAllAnswersGood() {
        System.out.printf("malformed requests: %d sent, %s%n", sent, outcomes);
        assertThat(sent).as("requests sent").isPositive();
        assertThat(failures).as("%d of %d answers were not a success or a good error", failures.size(), sent).isEmpty();
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 100) + "...(" + text.length() + " chars)";
    }

    private static String printable(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD) ? text : "0x" + HexFormat.of().formatHex(body, 0,
                Math.min(body.length, 60));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String cjk(int characters) {
        return IntStream.range(0, characters).mapToObj(i -> String.valueOf((char) (0x4E00 + i * 7)))
                .collect(Collectors.joining());
    }

    // --- the malformed inputs ----------------------------------------------------------------------

    /** Bodies no endpoint can accept: broken JSON, wrong shapes and types, huge numbers, bad bytes, deep nesting. */
    static List<byte[]> malformedBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String json : List.of(
                "{", "}", "{\"sku\": ", "{\"a\": 1}}", "[1,]", "nul", "'single'", "{\"title\": \"x\",}", "\u0000",
                "[]", "\"text\"", "42", "true", "null", "{}",
                "{\"sku\": 1, \"title\": [], \"price\": \"cheap\", \"attributes\": [1, 2]}",
                "{\"customerId\": {}, \"lines\": \"all\"}",
                "{\"customerId\": \"c\", \"lines\": [1, \"x\", null]}",
                "{\"customerId\": \"c\", \"lines\": [{\"productId\": \"p\", \"quantity\": 2.9}]}",
                "{\"customerId\": \"c\", \"lines\": [{\"productId\": \"p\", \"quantity\": 1e999999}]}",
                "{\"customerId\": \"c\", \"lines\": [{\"productId\": \"p\", \"quantity\": " + "9".repeat(5000) + "}]}",
                "{\"sku\": \"s\", \"title\": \"t\", \"price\": {\"amount\": 1e999999999, \"currency\": \"EUR\"}}",
                "{\"sku\": \"s\", \"title\": \"t\", \"price\": {\"amount\": 1e-999999999, \"currency\": \"EUR\"}}",
                "{\"sku\": \"s\", \"title\": \"t\", \"price\": {\"amount\": true, \"currency\": 12}}",
                "{\"sku\": \"s\", \"title\": \"t\", \"price\": {\"amount\": 1, \"currency\": \"QQQ\"}}",
                "{\"sku\": \"s\", \"title\": \"t\", \"price\": {\"amount\": 1.001, \"currency\": \"JPY\"}}",
                "{\"reason\": {\"why\": 1}}", "{\"reason\": " + "9".repeat(2000) + "}",
                "{\"sql\": 5}", "{\"sql\": [\"select 1\"]}", "{\"sql\": \"select 1\", \"limit\": 1e400}",
                "{\"title\": \"\\ud800\"", // unterminated, with a lone surrogate escape
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"a\": ".repeat(20_000) + "1" + "}".repeat(20_000))) {
            bodies.add(utf8(json));
        }
        bodies.add(concat(utf8("{\"sku\": \""), bytes(0xC3, 0x28), utf8("\", \"title\": \""), bytes(0xFF, 0xFE),
                utf8("\"}")));
        bodies.add(concat(utf8("{\"title\": \""), bytes(0xC0, 0xAF), utf8("\"}")));     // overlong encoding
        bodies.add(concat(utf8("{\"title\": \""), bytes(0xED, 0xA0, 0x80), utf8("\"}"))); // a surrogate in UTF-8
        bodies.add(bytes(0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D));                              // UTF-16 with a BOM
        return bodies;
    }

    /** Query parameter values, already percent-encoded as they go on the wire. */
    static List<String> oddParameterValues() {
        return List.of("", "abc", "-1", "0", "2.9", "1e400", "99999999999999999999", "%00", "%C3%28",
                "%F0%9F%92%A9", "true", "platinum", "x".repeat(2000), URLEncoder.encode(cjk(300), StandardCharsets.UTF_8),
                URLEncoder.encode("' or 1=1 --", StandardCharsets.UTF_8));
    }

    /**
     * Path parameter values, percent-encoded: control characters, traversal, bad escapes, long (two of them still
     * fit the 4 KiB request line; a longer one is refused by the HTTP codec itself, with an empty 414).
     */
    static List<String> oddPathValues() {
        return List.of("%00", "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "%E2%80%AE", "%C3%28", "x".repeat(1500),
                "%20", ";x=1", "%2F", "a%0Ab", "%F0%9F%92%A9", "-1", "99999999999999999999");
    }

    // --- the battery ------------------------------------------------------------------------------

    @Test
    void theEndpointsAreFound() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).extracting(e -> e.method() + " " + e.path())
                .contains("POST /api/products", "PATCH /api/products/{id}", "POST /api/orders", "GET /api/search",
                        "POST /api/warehouse/sql", "GET /api/events", "POST /api/admin/replay/{model}");
    }

    @Test
    void methodsNoEndpointDeclares_onEveryPath() {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints()) {
            declared.computeIfAbsent(endpoint.path(), p -> new TreeSet<>()).add(endpoint.method());
        }
        declared.forEach((path, methods) -> {
            for (String method : METHODS) {
                if (!methods.contains(method)) {
                    sendJson(method, new Endpoint(method, path, List.of(), List.of(), false).path("no-such-id"), utf8("{}"));
                }
            }
        });
        assertAllAnswersGood();
    }

    @Test
    void oddQueryParameters_andHeaders_onEveryRead() {
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.method().equals("GET")) {
                continue;
            }
            String path = endpoint.readablePath();
            for (String parameter : endpoint.queryParameters()) {
                for (String value : oddParameterValues()) {
                    send("GET", path + "?" + parameter + "=" + value, new byte[0]);
                }
            }
            send("GET", path + "?q=kettle&q=lamp&limit=1&limit=2", new byte[0]);
            for (String accept : List.of("application/xml", "text/html", "garbage", "*/*;q=abc")) {
                send("GET", path, new byte[0], "Accept", accept);
            }
        }
        for (String mode : List.of("fuzzy", "BM25 ", "%00")) {
            send("GET", "/api/search?q=kettle&mode=" + mode, new byte[0]);
            send("GET", "/api/search?q=kettle&fusion=" + mode, new byte[0]);
        }
        assertAllAnswersGood();
    }

    @Test
    void malformedBodies_onEveryEndpointThatReadsOne() {
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.takesBody() || endpoint.operatorAction()) {
                continue;
            }
            for (byte[] body : malformedBodies()) {
                sendJson(endpoint.method(), endpoint.path("no-such-id"), body);
            }
        }
        assertAllAnswersGood();
    }

    @Test
    void wrongContentTypes_andOddHeaders_onEveryCommand() {
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.method().equals("GET") || endpoint.operatorAction()) {
                continue;
            }
            String path = endpoint.path("no-such-id");
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json; charset=nonsense",
                    "garbage", "")) {
                send(endpoint.method(), path, utf8("{\"reason\": \"x\"}"), "Content-Type", type);
            }
            send(endpoint.method(), path, utf8("{\"reason\": \"x\"}"));
            for (String header : endpoint.headers()) {
                for (String value : List.of("abc", "99999999999999999999", "-1", "W/\"1\"", "\"\"", "1, 2", "\u00ff")) {
                    sendJson(endpoint.method(), path, utf8("{\"reason\": \"x\"}"), header, value);
                }
            }
        }
        assertAllAnswersGood();
    }

    private void sendJson(String method, String path, byte[] body, String header, String value) {
        send(method, path, body, "Content-Type", "application/json", header, value);
    }

    @Test
    void oddPaths() {
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.hasPathParameters() || endpoint.operatorAction()) {
                continue;
            }
            for (String value : oddPathValues()) {
                sendJson(endpoint.method(), endpoint.path(value), endpoint.takesBody() ? utf8("{}") : new byte[0]);
            }
        }
        for (String path : List.of("/", "/api", "/api/", "/api/nope", "/%00", "/api/products/x/y/z", "//api//products",
                "/api/./freshness", "/api/../api/freshness", "/graphql/../api/freshness", "/api/products%2F..%2Forders",
                "/" + "a/".repeat(1000))) {
            send("GET", path, new byte[0]);
            sendJson("POST", path, utf8("{}"));
        }
        assertAllAnswersGood();
    }

    /**
     * A request target that is no valid URI (a broken percent escape) is refused by Quarkus' HTTP layer before any
     * route, with an empty 400 that no application code can shape; like the codec's 414 and 431. It is never
     * more than that: checked here so that a change of that layer shows.
     */
    @Test
    void targetsThatAreNoUri_getAnEmpty400_beforeAnyRoute() {
        for (String target : List.of("/api/%ZZ", "/api/products/%ZZ", "/api/products?sku=%", "/api/search?q=%E0%A4%A",
                "/graphql?query=%G0")) {
            ApiFixtures.WireAnswer answer = onTheWire("GET", target, new byte[0]);
            sent++;
            outcomes.merge(answer.status() / 100 + "xx", 1, Integer::sum);
            assertThat(answer.status()).as(target).isEqualTo(400);
        }
        assertAllAnswersGood();
    }

    @Test
    void graphql_malformedRequests() {
        for (byte[] body : malformedBodies()) {
            sendJson("POST", "/graphql", body);
        }
        for (String query : List.of("{", "{ nope }", "query { freshness { consumer } }}", "{ events(limit: 1e400) { eventId } }",
                "{ events(limit: 99999999999) { eventId } }", "{ events(limit: \\\"x\\\") { eventId } }",
                "{ product(id: \\\"\\\\u0000\\\") { id } }", "{ productBySku(sku: \\\"" + "x".repeat(5000) + "\\\") { id } }",
                "mutation { placeOrder(order: {customerId: \\\"c\\\", lines: [{productId: \\\"p\\\", quantity: 1e30}]}) { id } }",
                "mutation { payOrder(id: \\\"no-such\\\", expectedVersion: -99999999999999999999) { aggregateVersion } }",
                "subscription { nope }", "{ __schema { " + "types { ".repeat(30) + "name" + " }".repeat(32))) {
            sendJson("POST", "/graphql", utf8("{\"query\": \"" + query + "\"}"));
        }
        for (String body : List.of("{\"query\": 5}", "{\"query\": null}", "{\"query\": \"\"}",
                "{\"query\": \"{ freshness { consumer } }\", \"variables\": \"x\"}",
                "{\"query\": \"{ freshness { consumer } }\", \"variables\": [1]}",
                "{\"query\": \"{ freshness { consumer } }\", \"operationName\": 7}",
                "{\"query\": \"query A { freshness { consumer } }\", \"operationName\": \"B\"}",
                "{\"query\": \"query($n: Int) { events(limit: $n) { eventId } }\", \"variables\": {\"n\": 2.9}}",
                "{\"query\": \"query($n: Int) { events(limit: $n) { eventId } }\", \"variables\": {\"n\": 1e400}}",
                "{\"query\": \"query($n: Int) { events(limit: $n) { eventId } }\", \"variables\": {\"n\": \"" + "9".repeat(3000) + "\"}}")) {
            sendJson("POST", "/graphql", utf8(body));
        }
        byte[] valid = utf8("{\"query\": \"{ freshness { consumer } }\"}");
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE", "BREW")) {
            sendJson(method, "/graphql", valid);
        }
        send("GET", "/graphql?query=%7B%20freshness%20%7B%20consumer%20%7D%20%7D", new byte[0]);
        for (String accept : List.of("text/html", "application/xml", "garbage", "application/*")) {
            send("POST", "/graphql", valid, "Content-Type", "application/json", "Accept", accept);
        }
        for (String type : List.of("text/plain", "application/xml", "application/graphql", "multipart/form-data; boundary=x",
                "application/json; charset=nonsense")) {
            send("POST", "/graphql", valid, "Content-Type", type);
        }
        send("POST", "/graphql", new byte[0], "Content-Type", "application/json");
        send("POST", "/graphql", utf8("{ freshness { consumer"), "Content-Type", "application/graphql");
        assertAllAnswersGood();
    }
}
