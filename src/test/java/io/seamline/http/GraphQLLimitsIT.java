package io.seamline.http;

import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertGoodErrorOrSuccess;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.chunked;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What one GraphQL request may ask for (depth, fields, aliases, values, tokens) and how /graphql refuses what
 * it cannot serve: limits as GraphQL errors without data, transport failures as problem responses.
 */
@QuarkusTest
class GraphQLLimitsIT {

    private static final String EVENT_FIELDS = "eventId type schemaVersion aggregateType aggregateId sequence globalIndex "
            + "timestamp correlationId payload";

    private static JsonPath graphql(String query) {
        return graphql(Map.of("query", query));
    }

    private static JsonPath graphql(Map<String, Object> body) {
        return api().contentType(ContentType.JSON).body(body).post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A refused operation: one error containing the text (and naming the rule, if given), and no data at all. */
    private static void assertRefused(JsonPath answer, String message, String rule) {
        assertThat(answer.getList("errors")).as("errors").hasSize(1);
        assertThat(answer.getString("errors[0].message")).contains(message);
        if (rule != null) {
            assertEquals(rule, answer.getString("errors[0].extensions.rule"));
        }
        assertThat(answer.getMap("$")).as("answer without data").doesNotContainKey("data");
    }

    private static String aliased(int count, String field) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i + ": " + field).collect(Collectors.joining(" "));
    }

    // --- what still runs ----------------------------------------------------------------------------

    @Test
    void introspection_asGraphiQLAsksIt_isAnswered() {
        JsonPath answer = graphql(IntrospectionQuery.INTROSPECTION_QUERY);
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.__schema.types.name")).contains("Query", "Mutation", "Event");
    }

    @Test
    void onePageOf1000EventsWithEveryField_isAnswered() {
        createProduct("1.00");
        JsonPath answer = graphql("{ events(after: -1, limit: 1000) { " + EVENT_FIELDS + " } }");
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.events")).isNotEmpty();
    }

    @Test
    void eventsWithoutALimit_answerThe100TheSchemaDeclares() {
        JsonPath schema = graphql("{ __type(name: \"Query\") { fields { name args { name defaultValue } } } }");
        assertThat(schema.getString("data.__type.fields.find { it.name == 'events' }.args.find { it.name == 'limit' }"
                + ".defaultValue")).isEqualTo("100");
    }

    // --- what is refused ----------------------------------------------------------------------------

    @Test
    void aQueryDeeperThan15_isRefused() {
        // __schema, types, fields, type, 12 x ofType, name: 17 deep
        JsonPath answer = graphql("{ __schema { types { fields { type { " + "ofType { ".repeat(12) + "name "
                + "} ".repeat(12) + "} } } } }");
        assertRefused(answer, "maximum query depth exceeded 17 > 15", null);
    }

    @Test
    void fiftyOneAliases_areRefused_andFiftyAreNot() {
        assertThat(graphql("{ " + aliased(50, "product(id: \"no-such\") { id }") + " }").getList("errors")).isNull();
        assertRefused(graphql("{ " + aliased(51, "product(id: \"no-such\") { id }") + " }"), "51 aliases",
                "too-many-aliases");
    }

    @Test
    void theAliasFloodFromTheIssue_isRefused() {
        // the shape that asked for ~1.3 M events: a full page, again and again under new names (1,500 tokens)
        assertRefused(graphql("{ " + aliased(150, "events(limit: 1000) { eventId }") + " }"), "", null);
    }

    @Test
    void twoFullPagesOfEvents_areTooComplex() {
        assertRefused(graphql("{ a: events(limit: 1000) { " + EVENT_FIELDS + " } b: events(limit: 1000) { "
                + EVENT_FIELDS + " } }"), "more than 20000 values", "query-too-complex");
    }

    @Test
    void moreThan200Fields_areRefused() {
        String product = "product(id: \"no-such\") { id sku title description category discontinued aggregateVersion }";
        assertRefused(graphql("{ " + aliased(30, product) + " }"), "maximum query complexity exceeded 240 > 200", null);
    }

    @Test
    void aDocumentOfMoreThan2000Tokens_isNotEvenParsed() {
        // 1,994 tokens parse, and the field count refuses them; 2,104 do not parse (graphql-java's default is 15,000)
        assertRefused(graphql("{ freshness { " + "consumer ".repeat(1990) + "} }"), "maximum query complexity", null);
        assertRefused(graphql("{ freshness { " + "consumer ".repeat(2100) + "} }"), "Unparseable input document", null);
    }

    // --- inputs: numbers and currencies -------------------------------------------------------------

    @Test
    void aFractionalQuantity_isAnError_andNothingIsAppended() {
        String product = createProduct("2.50");
        long before = logHead();
        JsonPath inline = graphql("mutation { placeOrder(order: {customerId: \"c-1\", lines: [{productId: \"%s\", quantity: 2.9}]}) { id } }"
                .formatted(product));
        assertThat(inline.getList("errors")).isNotEmpty();
        JsonPath variable = graphql(Map.of("query", "mutation($q: Int!) { placeOrder(order: {customerId: \"c-1\", lines: "
                + "[{productId: \"" + product + "\", quantity: $q}]}) { id } }", "variables", Map.of("q", 2.9)));
        // SmallRye passes a variable's 2.9 through to Java, which would truncate it to 2
        assertRefused(variable, "order.lines[0].quantity must be a whole number", "not-a-whole-number");
        assertEquals(before, logHead());
    }

    @Test
    void anExpectedVersionBeyondLong_isRefused_notWrappedAround() {
        String product = createProduct("2.50");
        long before = logHead();
        // SmallRye converted this literal to 7766279631452241919 (the value modulo 2^64)
        assertRefused(graphql("mutation { discontinueProduct(id: \"%s\", expectedVersion: 99999999999999999999) { aggregateVersion } }"
                .formatted(product)), "expectedVersion must be a whole number", "not-a-whole-number");
        assertRefused(graphql(Map.of("query", "mutation($v: BigInteger) { discontinueProduct(id: \"" + product
                + "\", expectedVersion: $v) { aggregateVersion } }", "variables", Map.of("v", 1.5))), "expectedVersion", "not-a-whole-number");
        assertEquals(before, logHead());
    }

    @Test
    void priceInputs_areCheckedLikeRest() {
        long before = logHead();
        String mutation = "mutation { createProduct(product: {sku: \"%s\", title: \"Tea\", price: {amount: %s, currency: \"%s\"}}) { id } }";
        assertThat(graphql(mutation.formatted(uniqueSku(), "1500.5", "JPY")).getString("errors[0].message"))
                .contains("JPY amounts take no decimals");
        assertThat(graphql(mutation.formatted(uniqueSku(), "1", "XYZ")).getString("errors[0].message"))
                .contains("ISO 4217");
        assertEquals(before, logHead());
    }

    // --- the transport ------------------------------------------------------------------------------

    @Test
    void get_isNotServed_405Problem() {
        Response response = api().queryParam("query", "{ freshness { consumer } }").get("/graphql");
        assertProblem(response, 405, "http-405", null).header("Allow", "POST, OPTIONS");
    }

    @Test
    void anAcceptHeaderWithoutJson_406Problem() {
        assertProblem(api().contentType(ContentType.JSON).accept("text/html").body(Map.of("query", "{ freshness { consumer } }"))
                .post("/graphql"), 406, "http-406", null);
    }

    @Test
    void aPostWithoutBody_400Problem() {
        assertProblem(api().contentType(ContentType.JSON).post("/graphql"), 400, "graphql-query-required", null);
    }

    @Test
    void aFormOrPlainTextBody_415Problem() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=nonsense")) {
            ApiFixtures.WireAnswer answer = ApiFixtures.onTheWire("POST", "/graphql",
                    "{\"query\": \"{ freshness { consumer } }\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", type);
            assertEquals(415, answer.status(), type);
            assertGoodErrorOrSuccess("POST /graphql as " + type, answer);
        }
    }

    @Test
    void aBodyOfTheWrongShape_400ProblemNamingTheMember() {
        assertProblem(api().contentType(ContentType.JSON).body("{\"query\": \"{ freshness { consumer } }\", \"variables\": \"x\"}")
                .post("/graphql"), 400, "graphql-request-invalid", "variables");
        assertProblem(api().contentType(ContentType.JSON).body("{\"query\": 5}").post("/graphql"), 400,
                "graphql-request-invalid", "query");
        assertProblem(api().contentType(ContentType.JSON).body("[" .repeat(5000) + "]".repeat(5000)).post("/graphql"), 400,
                "malformed-json", null);
    }

    @Test
    void aQueryWithRawLineBreaks_isStillAnswered() {
        JsonPath answer = api().contentType(ContentType.JSON).body("{\"query\": \"{\n\tfreshness {\n consumer } }\"}")
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("data.freshness.consumer")).contains("relay");
    }

    @Test
    void aChunkedBodyOverTheLimit_413Problem() {
        byte[] body = ("{\"query\": \"{ freshness { consumer } }\", \"padding\": \"" + "x".repeat(300 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = chunked("POST", "/graphql", body, "Content-Type", "application/json");
        assertEquals(413, response.statusCode(), response.body());
        assertGoodErrorOrSuccess("chunked POST /graphql", response);
        assertEquals("body-too-large", new JsonPath(response.body()).getString("rule"));
    }

    @Test
    void aSmallChunkedBody_isAnswered() {
        HttpResponse<String> response = chunked("POST", "/graphql",
                "{\"query\": \"{ freshness { consumer } }\"}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        assertThat(new JsonPath(response.body()).getList("data.freshness.consumer")).contains("relay");
    }
}
