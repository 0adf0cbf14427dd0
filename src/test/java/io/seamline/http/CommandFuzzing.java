package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property {@link CommandFuzzIT} checks against the app it runs: whatever body reaches a command endpoint or a
 * GraphQL mutation (valid, a valid one with a field broken, random JSON, not JSON; with NULs, lone surrogates,
 * control characters, huge and fractional numbers), the answer is never a 5xx, a refusal is problem+json (GraphQL:
 * an error naming its rule, no "System error") and appends nothing, and what is accepted is counted, for the caller
 * to check that every read model applies it and quarantines nothing. Not a test on its own (no Test/IT suffix):
 * it needs the running app, whose address and a token come in system properties.
 */
class CommandFuzzing {

    static final String BASE_URI = "fuzz.base-uri";
    static final String TOKEN = "fuzz.token";
    static final String PRODUCTS = "fuzz.products";
    static final String ORDERS = "fuzz.orders";
    static final String REPORT = "fuzz.report";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong UNIQUE = new AtomicLong();
    /** Outcomes by endpoint, for the report: "201", "400 control-character", "graphql refused: rule" … */
    private static final Map<String, Map<String, Integer>> OUTCOMES = new TreeMap<>();
    /** Products the fuzzing created: discontinued at the end, so later tests search an index without them. */
    private static final List<String> CREATED = new ArrayList<>();

    private static HttpClient http;
    private static Map<String, String> graphQLInputTypes;

    /** What is sent: an endpoint, its body (as JSON text, or not JSON) and for some an If-Match header. */
    record Call(Endpoint endpoint, String body, String ifMatch) {
        @Override
        public String toString() {
            return endpoint + (ifMatch == null ? "" : " If-Match: " + ifMatch) + " " + body;
        }
    }

    enum Endpoint {
        CREATE_PRODUCT, PATCH_PRODUCT, PLACE_ORDER, CANCEL_ORDER, PAY_ORDER,
        GRAPHQL_CREATE_PRODUCT, GRAPHQL_UPDATE_PRODUCT, GRAPHQL_PLACE_ORDER, GRAPHQL_CANCEL_ORDER;

        boolean graphql() {
            return name().startsWith("GRAPHQL");
        }
    }

    @BeforeContainer
    static void connect() throws Exception {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        graphQLInputTypes = argumentTypes();
    }

    @AfterContainer
    static void discontinueWhatWasCreated() throws Exception {
        for (String product : CREATED) {
            HttpResponse<String> answer = http.send(request("/api/products/" + product).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("discontinuing %s: %s", product, answer.body()).isEqualTo(200);
        }
    }

    @AfterContainer
    static void report() throws IOException {
        StringBuilder md = new StringBuilder("| endpoint | outcome | inputs |\n|---|---|---:|\n");
        OUTCOMES.forEach((endpoint, outcomes) -> outcomes.forEach((outcome, count) ->
                md.append("| ").append(endpoint).append(" | ").append(outcome).append(" | ").append(count)
                        .append(" |\n")));
        Path report = Path.of(System.getProperty(REPORT));
        Files.createDirectories(report.getParent());
        Files.writeString(report, md);
    }

    @Property(seed = "20261205", shrinking = ShrinkingMode.BOUNDED)
    void anyCommand_isAppliedOrRefusedCleanly_andARefusalAppendsNothing(@ForAll("calls") Call call)
            throws Exception {
        long headBefore = head();
        HttpResponse<String> answer = send(call);
        String outcome = call.endpoint().graphql() ? graphQLOutcome(call, answer) : restOutcome(call, answer);
        boolean accepted = outcome.startsWith("2") || outcome.equals("graphql applied");
        if (!accepted) {
            assertThat(head()).as("log head after a refused %s", call).isEqualTo(headBefore);
        }
        record(call.endpoint(), outcome);
        if (accepted && (call.endpoint() == Endpoint.CREATE_PRODUCT || call.endpoint() == Endpoint.GRAPHQL_CREATE_PRODUCT)) {
            JsonNode body = readTree(answer.body());
            CREATED.add(body.has("data") ? body.path("data").path("createProduct").path("id").asText()
                    : body.path("id").asText());
        }
        Statistics.label("endpoint").collect(call.endpoint());
        Statistics.label("outcome").collect(accepted ? "applied" : "refused");
    }

    private static String restOutcome(Call call, HttpResponse<String> answer) {
        ApiFixtures.assertGoodErrorOrSuccess(call.toString(), answer);
        if (answer.statusCode() >= 400) {
            return answer.statusCode() + " " + readTree(answer.body()).path("rule").asText();
        }
        return String.valueOf(answer.statusCode());
    }

    private static String graphQLOutcome(Call call, HttpResponse<String> answer) {
        ApiFixtures.assertGoodErrorOrSuccess(call.toString(), answer);
        if (answer.statusCode() != 200) {
            return "graphql " + answer.statusCode() + " " + readTree(answer.body()).path("rule").asText();
        }
        JsonNode body = readTree(answer.body());
        JsonNode errors = body.path("errors");
        if (errors.isEmpty()) {
            return "graphql applied";
        }
        JsonNode error = errors.get(0);
        assertThat(error.path("message").asText()).as("GraphQL error of %s: %s", call, body)
                .isNotBlank().isNotEqualTo("System error");
        JsonNode extensions = error.path("extensions");
        String rule = extensions.path("rule").isTextual() ? extensions.path("rule").asText()
                : extensions.path("classification").asText();
        return "graphql refused: " + rule;
    }

    // --- the calls --------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<Endpoint> endpoints = Arbitraries.of(Endpoint.class).withoutEdgeCases(); // evenly, not the first most
        return endpoints.flatMap(endpoint -> Arbitraries.frequencyOf(
                        Tuple.of(35, valid(endpoint)),
                        Tuple.of(40, valid(endpoint).flatMap(CommandFuzzing::broken)),
                        Tuple.of(15, anyJson(3)),
                        Tuple.of(10, notJson()))
                .flatMap(body -> ifMatch(endpoint).map(ifMatch -> new Call(endpoint, FuzzJson.write(body), ifMatch))));
    }

    private static Arbitrary<String> ifMatch(Endpoint endpoint) {
        if (endpoint != Endpoint.PAY_ORDER && endpoint != Endpoint.PATCH_PRODUCT) {
            return Arbitraries.just(null);
        }
        return Arbitraries.of("0", "1", "\"3\"", "W/\"0\"", "*", "-1", "2.9", "99999999999999999999", "abc", "")
                .injectNull(0.3);
    }

    /** A body the endpoint accepts when the catalogue and the order allow it (GraphQL's cancel takes a string). */
    private static Arbitrary<Object> valid(Endpoint endpoint) {
        Arbitrary<?> body = switch (endpoint) {
            case CREATE_PRODUCT -> product();
            case GRAPHQL_CREATE_PRODUCT -> product().map(CommandFuzzing::attributesAsEntries);
            case PATCH_PRODUCT, GRAPHQL_UPDATE_PRODUCT -> patch();
            case PLACE_ORDER, GRAPHQL_PLACE_ORDER -> order();
            case CANCEL_ORDER, PAY_ORDER -> text(0, 40, true).map(reason -> map("reason", reason));
            case GRAPHQL_CANCEL_ORDER -> text(0, 40, true);
        };
        return body.map(Object.class::cast);
    }

    private static Arbitrary<Map<String, Object>> product() {
        return Combinators.combine(text(1, 60, false), text(0, 200, true), text(0, 40, false), price(), attributes())
                .as((title, description, category, price, attributes) -> map(
                        "sku", "FZ-" + UNIQUE.incrementAndGet() + "-" + System.nanoTime(),
                        "title", "T " + title, "description", description, "category", category, "price", price,
                        "attributes", attributes));
    }

    /** GraphQL has no map type: attributes are a list of {key, value}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributesAsEntries(Map<String, Object> product) {
        List<Object> entries = new ArrayList<>();
        ((Map<String, Object>) product.get("attributes")).forEach((k, v) -> entries.add(map("key", k, "value", v)));
        product.put("attributes", entries);
        return product;
    }

    private static Arbitrary<Map<String, Object>> patch() {
        return Combinators.combine(text(1, 60, false).injectNull(0.5), price().injectNull(0.5),
                        text(0, 40, false).injectNull(0.6))
                .as((title, price, category) -> {
                    Map<String, Object> patch = new LinkedHashMap<>();
                    if (title != null) {
                        patch.put("title", "T " + title);
                    }
                    if (price != null) {
                        patch.put("price", price);
                    }
                    if (category != null || patch.isEmpty()) {
                        patch.put("category", category == null ? "Fuzz" : category);
                    }
                    return patch;
                });
    }

    private static Arbitrary<Map<String, Object>> order() {
        List<String> products = List.of(System.getProperty(PRODUCTS).split(","));
        Arbitrary<Map<String, Object>> line = Combinators.combine(Arbitraries.of(products), Arbitraries.integers()
                .between(1, 20)).as((product, quantity) -> map("productId", product, "quantity", quantity));
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20),
                        line.list().ofMinSize(1).ofMaxSize(3))
                .as((customer, lines) -> map("customerId", "c-" + customer, "lines", lines));
    }

    private static Arbitrary<Map<String, Object>> price() {
        Arbitrary<Map<String, Object>> cents = Combinators.combine(Arbitraries.bigDecimals()
                        .between(new BigDecimal("0.01"), new BigDecimal("99999.99")).ofScale(2),
                Arbitraries.of("EUR", "USD", "GBP")).as((amount, currency) -> map("amount", amount, "currency", currency));
        Arbitrary<Map<String, Object>> yen = Arbitraries.integers().between(1, 9_999_999)
                .map(amount -> map("amount", amount, "currency", "JPY"));
        return Arbitraries.oneOf(cents, cents, yen);
    }

    private static Arbitrary<Map<String, Object>> attributes() {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10), text(1, 30, false))
                .ofMaxSize(3).map(LinkedHashMap::new);
    }

    /** Text a shopper might type: letters, digits, punctuation, accents, CJK, emoji; line breaks where allowed. */
    private static Arbitrary<String> text(int min, int max, boolean multiline) {
        Arbitrary<String> words = Arbitraries.strings().alpha().numeric().withChars(" -.,&'()é中文✓")
                .withChars(multiline ? "\n\t" : "").ofMinLength(min).ofMaxLength(max);
        return Arbitraries.oneOf(words, words, words.map(w -> w + "🛒"))
                .filter(s -> s.length() >= min && (min == 0 || !s.isBlank()));
    }

    /** A valid body with one thing broken: a field replaced by an edge value, removed, or one added. */
    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> broken(Object body) {
        if (!(body instanceof Map<?, ?>)) {
            return edgeValue();
        }
        Map<String, Object> valid = (Map<String, Object>) body;
        List<String> paths = paths(valid, "");
        Arbitrary<Object> replaced = Combinators.combine(Arbitraries.of(paths), edgeValue())
                .as((path, value) -> set(copy(valid), path, value));
        Arbitrary<Object> removed = Arbitraries.of(paths).map(path -> remove(copy(valid), path));
        Arbitrary<Object> added = edgeValue().map(value -> {
            Map<String, Object> extended = copy(valid);
            extended.put("unexpected", value);
            return extended;
        });
        return Arbitraries.oneOf(replaced, replaced, replaced, removed, added);
    }

    /** What breaks parsers and stores: NULs, control characters, lone surrogates, odd numbers, wrong types. */
    private static Arbitrary<Object> edgeValue() {
        return Arbitraries.of(
                "", " ", "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "tab\there", "line\nbreak",
                "\ud800", "x\udfff", "\udbff\udfff", "\u202eevil", "e\u0301", "\ufeffbom", "🛒🛒", "null",
                "x".repeat(600), "y".repeat(11_000), "EUR", "eur", "XXX", "XAU", "EURO", "JPY",
                new FuzzJson.RawNumber("1e400"), new FuzzJson.RawNumber("-0"), new FuzzJson.RawNumber("2.9"),
                new FuzzJson.RawNumber("1E+2"), new FuzzJson.RawNumber("0.001"), new FuzzJson.RawNumber("-1"),
                new FuzzJson.RawNumber("123456789012345678901234567890"), new FuzzJson.RawNumber("999999999999.999"),
                new FuzzJson.RawNumber("9223372036854775808"), 0, Integer.MAX_VALUE, Long.MIN_VALUE, true, false,
                List.of(), Map.of(), List.of(1, "a"), map("amount", new FuzzJson.RawNumber("1e400"), "currency", "EUR"));
    }

    private static Arbitrary<Object> anyJson(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(edgeValue(), Arbitraries.strings().ofMaxLength(20).map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = anyJson(depth - 1).list().ofMaxSize(4).map(Object.class::cast);
        Arbitrary<Object> object = Arbitraries.maps(Arbitraries.of("sku", "title", "price", "amount", "currency",
                        "lines", "productId", "quantity", "customerId", "reason", "attributes", "x"), anyJson(depth - 1))
                .ofMaxSize(5).map(Object.class::cast);
        return Arbitraries.oneOf(leaf, list, object, object);
    }

    private static Arbitrary<Object> notJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "{", "{\"sku\":", "}", "{'sku': 1}", "[1,]", "NaN", "{\"a\":1}}", "\u0000",
                        "{\"title\": \"\\ud800\"", "\"unterminated"),
                Arbitraries.strings().ofMaxLength(40)).map(FuzzJson.NotJson::new).map(Object.class::cast);
    }

    // --- sending ----------------------------------------------------------------------------------------------------

    private static HttpResponse<String> send(Call call) throws Exception {
        String product = System.getProperty(PRODUCTS).split(",")[0];
        String[] orders = System.getProperty(ORDERS).split(",");
        String order = orders[(int) (UNIQUE.incrementAndGet() % orders.length)];
        return switch (call.endpoint()) {
            case CREATE_PRODUCT -> rest("POST", "/api/products", call);
            case PATCH_PRODUCT -> rest("PATCH", "/api/products/" + product, call);
            case PLACE_ORDER -> rest("POST", "/api/orders", call);
            case CANCEL_ORDER -> rest("POST", "/api/orders/" + order + "/cancel", call);
            case PAY_ORDER -> rest("POST", "/api/orders/" + order + "/pay", call);
            case GRAPHQL_CREATE_PRODUCT -> graphql("createProduct(product: $v) { id aggregateVersion }", "product",
                    "createProduct", call);
            case GRAPHQL_UPDATE_PRODUCT -> graphql("updateProduct(id: \"" + product + "\", change: $v) { id aggregateVersion }",
                    "change", "updateProduct", call);
            case GRAPHQL_PLACE_ORDER -> graphql("placeOrder(order: $v) { id aggregateVersion }", "order", "placeOrder", call);
            case GRAPHQL_CANCEL_ORDER -> graphql("cancelOrder(id: \"" + order + "\", reason: $v) { id aggregateVersion }",
                    "reason", "cancelOrder", call);
        };
    }

    private static HttpResponse<String> rest(String method, String path, Call call) throws Exception {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.ofString(call.body(),
                StandardCharsets.UTF_8)).header("Content-Type", "application/json");
        if (call.ifMatch() != null) {
            request.header("If-Match", call.ifMatch());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body goes in as the mutation's variable {@code $v}, typed as the argument is in the schema. */
    private static HttpResponse<String> graphql(String selection, String argument, String field, Call call)
            throws Exception {
        String type = graphQLInputTypes.get(field + "." + argument);
        String document = "mutation($v: " + type + ") { " + selection + " }";
        String body = "{\"query\":" + JSON.writeValueAsString(document) + ",\"variables\":{\"v\":" + call.body() + "}}";
        return http.send(request("/graphql").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long head() throws Exception {
        HttpResponse<String> page = http.send(request("/api/events?limit=1").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return readTree(page.body()).path("head").asLong();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(System.getProperty(BASE_URI) + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + System.getProperty(TOKEN));
    }

    /** Each mutation argument's type as the schema declares it, e.g. {@code createProduct.product -> CreateInput}. */
    private static Map<String, String> argumentTypes() throws Exception {
        String query = "{ __schema { mutationType { fields { name args { name type { kind name ofType { name } } } } } } }";
        HttpResponse<String> answer = http.send(request("/graphql").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query)))).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode field : readTree(answer.body()).path("data").path("__schema").path("mutationType").path("fields")) {
            for (JsonNode arg : field.path("args")) {
                JsonNode type = arg.path("type");
                String name = type.path("kind").asText().equals("NON_NULL")
                        ? type.path("ofType").path("name").asText() + "!" : type.path("name").asText();
                types.put(field.path("name").asText() + "." + arg.path("name").asText(), name);
            }
        }
        return types;
    }

    // --- small helpers ------------------------------------------------------------------------------------------------

    private static synchronized void record(Endpoint endpoint, String outcome) {
        OUTCOMES.computeIfAbsent(endpoint.name(), e -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        body.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m)
                : v instanceof List<?> l ? copyList(l) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> copyList(List<?> list) {
        List<Object> copy = new ArrayList<>();
        list.forEach(v -> copy.add(v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return copy;
    }

    /** Every path into the body: {@code price}, {@code price.amount}, {@code lines.0.quantity} … */
    @SuppressWarnings("unchecked")
    private static List<String> paths(Object value, String prefix) {
        List<String> paths = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String path = prefix + k;
                paths.add(path);
                paths.addAll(paths(v, path + "."));
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                paths.add(prefix + i);
                paths.addAll(paths(list.get(i), prefix + i + "."));
            }
        }
        return paths.isEmpty() && prefix.isEmpty() ? List.of("") : paths;
    }

    private static Object set(Map<String, Object> body, String path, Object value) {
        if (path.isEmpty()) {
            return value;
        }
        String[] parts = path.split("\\.");
        Object parent = body;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = child(parent, parts[i]);
        }
        put(parent, parts[parts.length - 1], value);
        return body;
    }

    private static Object remove(Map<String, Object> body, String path) {
        if (path.isEmpty()) {
            return Map.of();
        }
        String[] parts = path.split("\\.");
        Object parent = body;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = child(parent, parts[i]);
        }
        if (parent instanceof Map<?, ?> map) {
            map.remove(parts[parts.length - 1]);
        } else if (parent instanceof List<?> list) {
            list.remove(Integer.parseInt(parts[parts.length - 1]));
        }
        return body;
    }

    private static Object child(Object parent, String part) {
        return parent instanceof Map<?, ?> map ? map.get(part) : ((List<?>) parent).get(Integer.parseInt(part));
    }

    @SuppressWarnings("unchecked")
    private static void put(Object parent, String part, Object value) {
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(part, value);
        } else {
            ((List<Object>) parent).set(Integer.parseInt(part), value);
        }
    }
}
